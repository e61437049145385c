using Capsule.Crypto;

namespace Capsule.Tests.Crypto;

/// <summary>
/// Cheap Argon2id parameters and fixed inputs shared by the crypto tests. Tests use the smallest
/// sensible memory so the suite stays fast; only the defaults test pays for 128 MiB.
/// </summary>
internal static class CryptoTestKeys
{
    /// <summary>64 KiB, one pass: derives in well under a millisecond.</summary>
    public static Argon2idParameters Cheap(byte saltFill = 0x5A) =>
        new(1, 64 * 1024, Argon2idSalt.FromBytes(Enumerable.Repeat(saltFill, Argon2idSalt.Length).ToArray()));

    /// <summary>The context a capsule would bind its wrapped key to.</summary>
    public static byte[] Context(string fileId = "file-0001") =>
        System.Text.Encoding.ASCII.GetBytes(fileId + " capsule key v1");

    /// <summary>A fixed, non-trivial 32-byte key.</summary>
    public static byte[] Key(byte seed = 1) =>
        Enumerable.Range(0, 32).Select(i => (byte)(seed * 31 + i * 7)).ToArray();
}
