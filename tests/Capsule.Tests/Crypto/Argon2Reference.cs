using System.Runtime.InteropServices;

namespace Capsule.Tests.Crypto;

/// <summary>
/// Test-only binding to the Argon2 reference implementation (P-H-C/phc-winner-argon2, Debian package
/// <c>libargon2-1</c>, <c>libargon2.so.1</c>). The product derives keys through libsodium, whose
/// <c>crypto_pwhash</c> has no parallelism, secret or associated-data inputs, so it cannot run
/// RFC 9106's vectors; the reference library can. The tests chain the two: the reference library
/// reproduces RFC 9106 §5.3, and libsodium (the product's code path) agrees with it wherever libsodium
/// has a say (p = 1, no secret, no associated data).
/// </summary>
/// <remarks>
/// Signatures and the context layout follow <c>include/argon2.h</c> of the 20171227 release that
/// Debian 12 ships: <c>uint32_t</c> is <see cref="uint"/>, <c>size_t</c> is <see cref="nuint"/>,
/// the two callback pointers are <see cref="nint"/> (null: the library allocates).
/// </remarks>
internal static unsafe partial class Argon2Reference
{
    private const string Lib = "libargon2.so.1";

    /// <summary><c>Argon2_id</c> in <c>argon2_type</c>.</summary>
    public const int TypeArgon2id = 2;

    /// <summary><c>ARGON2_VERSION_13</c>: the version RFC 9106 specifies.</summary>
    public const uint Version13 = 0x13;

    /// <summary><c>ARGON2_OK</c>.</summary>
    public const int Ok = 0;

    /// <summary><c>argon2_context</c>: sequential layout with C padding (pointers 8-byte aligned on x64).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Context
    {
        public byte* Out;
        public uint OutLength;
        public byte* Password;
        public uint PasswordLength;
        public byte* Salt;
        public uint SaltLength;
        public byte* Secret;
        public uint SecretLength;
        public byte* AssociatedData;
        public uint AssociatedDataLength;
        public uint TimeCost;
        public uint MemoryCostKiB;
        public uint Lanes;
        public uint Threads;
        public uint Version;
        public nint AllocateCallback;
        public nint FreeCallback;
        public uint Flags;
    }

    [LibraryImport(Lib, EntryPoint = "argon2_ctx")]
    private static partial int argon2_ctx(Context* context, int type);

    [LibraryImport(Lib, EntryPoint = "argon2id_hash_raw")]
    private static partial int argon2id_hash_raw(
        uint t_cost, uint m_cost, uint parallelism, byte* pwd, nuint pwdlen, byte* salt, nuint saltlen, byte* hash, nuint hashlen);

    [LibraryImport(Lib, EntryPoint = "argon2_error_message")]
    private static partial nint argon2_error_message(int error_code);

    /// <summary>Full Argon2id (version 1.3) with every RFC 9106 input, through <c>argon2_ctx</c>.</summary>
    public static byte[] HashWithContext(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> secret,
        ReadOnlySpan<byte> associatedData, uint iterations, uint memoryKiB, uint lanes, int tagLength)
    {
        var tag = new byte[tagLength];
        int result;
        // SAFETY: every span is pinned for the call and its exact length is passed; the library reads
        // the inputs and writes exactly tagLength bytes. Empty spans pin to null with length 0, which
        // argon2.h allows for secret and associated data.
        fixed (byte* outPtr = tag, pwdPtr = password, saltPtr = salt, secretPtr = secret, adPtr = associatedData)
        {
            var context = new Context
            {
                Out = outPtr,
                OutLength = (uint)tag.Length,
                Password = pwdPtr,
                PasswordLength = (uint)password.Length,
                Salt = saltPtr,
                SaltLength = (uint)salt.Length,
                Secret = secretPtr,
                SecretLength = (uint)secret.Length,
                AssociatedData = adPtr,
                AssociatedDataLength = (uint)associatedData.Length,
                TimeCost = iterations,
                MemoryCostKiB = memoryKiB,
                Lanes = lanes,
                Threads = lanes,
                Version = Version13,
            };
            result = argon2_ctx(&context, TypeArgon2id);
        }
        ThrowOnError(result, "argon2_ctx");
        return tag;
    }

    /// <summary>Argon2id 1.3 with no secret and no associated data, through <c>argon2id_hash_raw</c>.</summary>
    public static byte[] HashRaw(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, uint iterations, uint memoryKiB, uint parallelism, int tagLength)
    {
        var tag = new byte[tagLength];
        int result;
        // SAFETY: as in HashWithContext.
        fixed (byte* outPtr = tag, pwdPtr = password, saltPtr = salt)
        {
            result = argon2id_hash_raw(iterations, memoryKiB, parallelism, pwdPtr, (nuint)password.Length, saltPtr, (nuint)salt.Length, outPtr, (nuint)tag.Length);
        }
        ThrowOnError(result, "argon2id_hash_raw");
        return tag;
    }

    private static void ThrowOnError(int result, string function)
    {
        if (result != Ok)
        {
            var message = Marshal.PtrToStringUTF8(argon2_error_message(result));
            throw new InvalidOperationException($"{function} returned {result}: {message}");
        }
    }
}
