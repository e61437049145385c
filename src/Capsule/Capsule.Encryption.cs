using Capsule.Crypto;
using Capsule.Engine;
using Capsule.Format;
using Capsule.Storage;

namespace Capsule;

public sealed partial class Capsule
{
    /// <summary>True when this capsule's records are sealed (FORMAT.md §16).</summary>
    public bool IsEncrypted => _device is SealedDevice;

    /// <summary>Whether the capsule file at <paramref name="path"/> is encrypted (reads only its superblocks).</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="NotACapsuleException">The file is not a capsule.</exception>
    /// <exception cref="CorruptCapsuleException">Both superblock slots are damaged.</exception>
    public static bool IsEncryptedFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"no capsule at {path}", path);
        }
        using var device = FileDevice.Open(path, readOnly: true);
        return Recovery.ReadSuperblocks(device).Chosen.IsEncrypted;
    }

    /// <summary>
    /// Changes the password of an encrypted capsule in place: the same data key is wrapped under a key
    /// derived from <paramref name="newPassword"/> with a fresh salt (and the capsule's Argon2id
    /// parameters), and only the two superblock slots are rewritten, one at a time with an fsync after
    /// each. If the process dies before the first slot write is durable the old password still opens
    /// the capsule; from then on the new one does (FORMAT.md §16.1). No record is touched.
    /// </summary>
    /// <exception cref="InvalidOperationException">The capsule is read-only or not encrypted.</exception>
    /// <exception cref="WrongPasswordException"><paramref name="oldPassword"/> is not the capsule's password.</exception>
    /// <exception cref="ArgumentException">The new password is empty.</exception>
    public void ChangePassword(string oldPassword, string newPassword)
    {
        ArgumentNullException.ThrowIfNull(oldPassword);
        ArgumentNullException.ThrowIfNull(newPassword);
        if (newPassword.Length == 0)
        {
            throw new ArgumentException("the password must not be empty", nameof(newPassword));
        }
        lock (_gate)
        {
            Writable();
            if (_superblock.Key is not { } block)
            {
                throw new InvalidOperationException($"{Path} is not encrypted; use Capsule.Encrypt to write an encrypted copy");
            }
            var dataKey = CapsuleKeys.Unlock(block, oldPassword, _superblock.CreatedAtMicros, Path);
            try
            {
                var rewrapped = CapsuleKeys.Wrap(dataKey, newPassword, block.Iterations, block.MemoryBytes, _superblock.CreatedAtMicros, block.SealEpoch, _options.RandomBytes);
                _superblock = _superblock with { Key = rewrapped };
                for (var i = 0; i < Superblock.SlotCount; i++)
                {
                    WriteSuperblock();
                    _device.Flush();
                }
            }
            finally
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(dataKey);
            }
        }
    }
}
