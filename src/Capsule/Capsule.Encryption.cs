using Capsule.Crypto;
using Capsule.Engine;
using Capsule.Format;
using Capsule.Storage;

namespace Capsule;

public sealed partial class Capsule
{
    /// <summary>True when this capsule's records are sealed (FORMAT.md §16).</summary>
    public bool IsEncrypted => _device is SealedDevice;

    /// <summary>The decrypting device of an encrypted capsule (tests read its memory accounting), or null.</summary>
    internal SealedDevice? SealedDevice => _device as SealedDevice;

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

    /// <summary>
    /// Writes an encrypted copy of the plain capsule at <paramref name="source"/> to a new file: the same
    /// commits, frames and history, every record sealed under a new random data key wrapped for
    /// <paramref name="password"/> (with <paramref name="options"/>' Argon2id settings). Offsets change, so
    /// stored offsets are translated (FORMAT.md §16.2 "Rewriting"). Only committed data is copied.
    /// </summary>
    /// <exception cref="CapsuleException">The destination exists.</exception>
    /// <exception cref="PasswordRequiredException">The source is already encrypted.</exception>
    /// <exception cref="ArgumentException">The password is empty.</exception>
    public static void Encrypt(string source, string destination, string password, CapsuleOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        Rewrite(source, null, destination, (options ?? new CapsuleOptions()) with { Password = password, ReadOnly = false });
    }

    /// <summary>Writes a plain copy of the encrypted capsule at <paramref name="source"/> to a new file (same commits, frames and history).</summary>
    /// <exception cref="CapsuleException">The destination exists.</exception>
    /// <exception cref="WrongPasswordException">The password does not open the source.</exception>
    /// <exception cref="PasswordRequiredException">The source is not encrypted.</exception>
    public static void Decrypt(string source, string destination, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        Rewrite(source, password, destination, new CapsuleOptions());
    }

    private static void Rewrite(string source, string? sourcePassword, string destination, CapsuleOptions targetOptions)
    {
        ArgumentException.ThrowIfNullOrEmpty(destination);
        if (File.Exists(destination))
        {
            throw new CapsuleException("a file already exists at the destination; choose another path", destination);
        }
        using var from = Open(source, new CapsuleOptions { ReadOnly = true, Password = sourcePassword });
        var created = false;
        try
        {
            using var to = Create(destination, targetOptions);
            created = true;
            var (head, end) = Rewriter.Copy(from._device, from._state, to._device);
            // One superblock naming the copied head; the generation-0 slot stays as created.
            var named = to._superblock with
            {
                Generation = to._superblock.Generation + 1,
                HeadCommitOffset = head,
                HeadCommitSequence = from._state.Newest?.Sequence ?? 0,
                ScanStart = end,
            };
            var slot = new byte[Superblock.SlotSize];
            named.WriteTo(slot);
            to._device.Flush(); // the records are durable before a superblock names them (FORMAT.md §9)
            to._device.Write(Superblock.SlotOffset(to._nextSlot), slot);
            to._device.Flush();
        }
        catch when (created)
        {
            File.Delete(destination);
            throw;
        }
    }
}
