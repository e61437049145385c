using Capsule.Engine;
using Capsule.Storage;

namespace Capsule;

public sealed partial class Capsule
{
    /// <summary>
    /// Checks every superblock, record, checksum, block and frame of a capsule file, read-only (a
    /// writer may have it open). A torn tail is reported in the counts, not as a problem: the next
    /// writer cuts it and no commit depends on it.
    /// </summary>
    /// <exception cref="PasswordRequiredException">The capsule is encrypted and no password was given.</exception>
    /// <exception cref="WrongPasswordException">The password does not open the capsule.</exception>
    public static VerifyReport Verify(string path, string? password = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"no capsule at {path}", path);
        }
        IStorageDevice device = FileDevice.Open(path, readOnly: true);
        try
        {
            device = UnsealForVerify(device, password, leaveInnerOpen: false);
            return Verifier.Run(device);
        }
        finally
        {
            device.Dispose();
        }
    }

    /// <summary>
    /// An encrypted capsule is verified through its key (every chunk authenticated); a file whose
    /// superblocks cannot be read is handed to the verifier as it is, which reports why.
    /// </summary>
    private static IStorageDevice UnsealForVerify(IStorageDevice device, string? password, bool leaveInnerOpen = true)
    {
        Recovery.SuperblockChoice choice;
        try
        {
            choice = Recovery.ReadSuperblocks(device);
        }
        catch (CapsuleException)
        {
            return device;
        }
        return Unseal(device, choice.Chosen, new CapsuleOptions { Password = password, ReadOnly = true }, leaveInnerOpen);
    }

    /// <summary>Checks a capsule on a device without taking ownership of it.</summary>
    public static VerifyReport Verify(IStorageDevice device) => Verify(device, null);

    /// <summary>Checks a capsule on a device without taking ownership of it; an encrypted one needs its password.</summary>
    /// <exception cref="PasswordRequiredException">The capsule is encrypted and no password was given.</exception>
    /// <exception cref="WrongPasswordException">The password does not open the capsule.</exception>
    public static VerifyReport Verify(IStorageDevice device, string? password)
    {
        ArgumentNullException.ThrowIfNull(device);
        var checkedDevice = UnsealForVerify(device, password);
        if (checkedDevice is Crypto.SealedDevice sealedDevice)
        {
            using (sealedDevice)
            {
                return Verifier.Run(sealedDevice);
            }
        }
        return Verifier.Run(device);
    }
}
