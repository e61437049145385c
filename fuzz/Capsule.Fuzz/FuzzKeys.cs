using System.Security.Cryptography;
using Capsule.Crypto;
using Capsule.Engine;
using Capsule.Format;
using Capsule.Storage;

namespace Capsule.Fuzz;

/// <summary>
/// What the fuzzer knows about encrypted inputs: the one password every encrypted seed shares (the
/// golden <c>v2-encrypted.mvc</c>'s and the built "encrypted" seed's), so mutated encrypted capsules are
/// opened, read, searched and verified instead of stopping at <see cref="PasswordRequiredException"/>;
/// and the data key, so a fix-up can change a record's plaintext and seal it again (FORMAT.md §16.2),
/// which lets mutations reach the parsers behind the AEAD tags.
/// </summary>
public static class FuzzKeys
{
    /// <summary>The password of every encrypted seed (the same as spec/golden's).</summary>
    public const string Password = "golden";

    /// <summary>
    /// Key blocks asking for more Argon2id work than this are not unlocked. The format's caps allow up to
    /// 32 passes over 4 GiB by design (FORMAT.md §16.1), which would take minutes per input: a cost the
    /// format documents, not a bug, and one that would turn every such mutation into a "hang". The seeds
    /// use 1 pass over 64 KiB.
    /// </summary>
    public const uint MaxIterations = 4;

    /// <inheritdoc cref="MaxIterations"/>
    public const ulong MaxMemoryBytes = 1 << 20;

    /// <summary>Extra options for the seeds: the password and the weakest Argon2id, so each open costs well under a millisecond.</summary>
    public static CapsuleOptions Encrypt(CapsuleOptions options) => options with
    {
        Password = Password,
        KdfIterations = 1,
        KdfMemoryBytes = 64 * 1024,
        RandomBytes = FixedBytes, // salt, data key and wrap nonce fixed: the same calls give the same seed bytes
    };

    /// <summary>
    /// The password to open <paramref name="file"/> with: <see cref="Password"/> when its chosen superblock
    /// is encrypted with affordable parameters, otherwise none (a plain capsule refuses a password).
    /// </summary>
    public static string? PasswordFor(ReadOnlySpan<byte> file) =>
        EncryptedKey(file) is { } key && key.Iterations <= MaxIterations && key.MemoryBytes <= MaxMemoryBytes ? Password : null;

    /// <summary>
    /// Replaces <paramref name="data"/>.Length plaintext bytes of the sealed record at
    /// <paramref name="record"/> (at <paramref name="position"/> modulo the room in the body), then seals
    /// the body again and fixes its checksums. False when the file is not encrypted, the key does not
    /// unlock, or the body does not authenticate now: the caller falls back to a ciphertext-level change.
    /// </summary>
    public static bool TryRewriteSealed(byte[] file, RecordSpan record, long position, ReadOnlySpan<byte> data)
    {
        using var cipher = CipherFor(file);
        if (cipher is null)
        {
            return false;
        }
        var header = file.AsSpan((int)record.Offset, RecordFraming.HeaderLength).ToArray();
        var stored = file.AsSpan((int)record.BodyOffset, record.BodyLength);
        if (!RecordSealer.TryOpen(cipher, record.Offset, header, stored, out var plaintext) || data.Length > plaintext.Length)
        {
            return false;
        }
        data.CopyTo(plaintext.AsSpan((int)(position % (plaintext.Length - data.Length + 1))));
        if (record.Kind == (byte)RecordKind.Segment)
        {
            RecordMap.FixSegmentChecksums(plaintext);
        }
        RecordSealer.Seal(cipher, record.Offset, header, plaintext, stored);
        RecordMap.FixRecordCrc(file, record);
        return true;
    }

    private static ChaCha20Poly1305? CipherFor(ReadOnlySpan<byte> file)
    {
        if (PasswordFor(file) is null || !TryChosen(file, out var chosen))
        {
            return null;
        }
        try
        {
            var dataKey = CapsuleKeys.Unlock(chosen.Key!, Password, chosen.CreatedAtMicros, "fuzz-keys");
            try
            {
                return ChaChaSupport.Create(dataKey);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(dataKey);
            }
        }
        catch (CapsuleException)
        {
            return null;
        }
    }

    private static KeyBlock? EncryptedKey(ReadOnlySpan<byte> file) =>
        TryChosen(file, out var chosen) && chosen.IsEncrypted ? chosen.Key : null;

    private static bool TryChosen(ReadOnlySpan<byte> file, out Superblock chosen)
    {
        try
        {
            using var device = new MemoryDevice("fuzz-keys", file, readOnly: true);
            chosen = Recovery.ReadSuperblocks(device).Chosen;
            return true;
        }
        catch (CapsuleException)
        {
            chosen = default;
            return false;
        }
    }

    private static byte[] FixedBytes(int count) => Enumerable.Range(0x10, count).Select(i => (byte)i).ToArray();
}
