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
    public static VerifyReport Verify(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"no capsule at {path}", path);
        }
        using var device = FileDevice.Open(path, readOnly: true);
        return Verifier.Run(device);
    }

    /// <summary>Checks a capsule on a device without taking ownership of it.</summary>
    public static VerifyReport Verify(IStorageDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return Verifier.Run(device);
    }
}
