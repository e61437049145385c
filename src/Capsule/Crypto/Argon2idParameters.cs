namespace Capsule.Crypto;

/// <summary>
/// The inputs of Argon2id besides the password: iterations (libsodium's <c>opslimit</c>), memory
/// in bytes (<c>memlimit</c>) and a 16-byte salt. Parallelism is always 1, because libsodium's
/// <c>crypto_pwhash</c> fixes it to one lane; a capsule that stored another value could not be
/// opened through libsodium.
/// </summary>
/// <remarks>
/// <para><b>Defaults</b> (<see cref="DefaultIterations"/>, <see cref="DefaultMemoryBytes"/>), measured
/// with a Stopwatch in a scratch program on the development machine (Intel Xeon @ 2.50 GHz, 2 cores,
/// libsodium 1.0.18, 4 runs each, 32-byte output):</para>
/// <code>
///   t=2  64 MiB: 107-115 ms      t=2 128 MiB: 233-276 ms      t=2 256 MiB: 565-648 ms
///   t=3  64 MiB: 134-147 ms      t=3 128 MiB: 345-353 ms      t=3 256 MiB: 761-827 ms
///   t=4  64 MiB: 165-172 ms
/// </code>
/// <para>t=3 with 128 MiB (about 350 ms here) is chosen: opening a capsule stays well under a
/// second even on a laptop twice as slow, while every password guess costs an attacker 128 MiB of
/// memory-hard work, twice the memory of RFC 9106 §4's second recommended option (64 MiB, t=3) and
/// above libsodium's "interactive" preset (64 MiB, t=2). 256 MiB came too close to one second.</para>
/// <para><b>Validation</b> accepts libsodium's own range (<c>crypto_pwhash_opslimit_min/max</c>,
/// <c>crypto_pwhash_memlimit_min/max</c>) narrowed by two Capsule caps, because these values are
/// read from a file that may be hostile: at most <see cref="MaxIterations"/> iterations and
/// <see cref="MaxMemoryBytes"/> of memory, so opening a crafted capsule cannot ask for terabytes.
/// The memory must be a whole number of KiB: Argon2 counts memory in 1 KiB blocks and libsodium
/// rounds down, so any other value would be a second spelling of the same parameters.</para>
/// </remarks>
internal readonly record struct Argon2idParameters
{
    /// <summary>Argon2id lanes; libsodium's crypto_pwhash supports only 1.</summary>
    public const int Parallelism = 1;

    /// <summary>Default passes over memory (see the remarks for the measurement).</summary>
    public const uint DefaultIterations = 3;

    /// <summary>Default memory: 128 MiB (see the remarks for the measurement).</summary>
    public const ulong DefaultMemoryBytes = 128UL * 1024 * 1024;

    /// <summary>Capsule's cap on iterations read from a file: 32 passes of 4 GiB would take minutes.</summary>
    public const uint MaxIterations = 32;

    /// <summary>Capsule's cap on memory read from a file: 4 GiB.</summary>
    public const ulong MaxMemoryBytes = 4UL * 1024 * 1024 * 1024;

    /// <summary>Argon2's memory block size; memory is a whole number of these.</summary>
    public const int BlockBytes = 1024;

    /// <summary>Builds and validates a parameter set.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside the accepted range (see remarks).</exception>
    public Argon2idParameters(uint iterations, ulong memoryBytes, Argon2idSalt salt)
    {
        Iterations = iterations;
        MemoryBytes = memoryBytes;
        Salt = salt;
        Validate();
    }

    /// <summary>Passes over memory (libsodium's <c>opslimit</c> for Argon2id).</summary>
    public uint Iterations { get; }

    /// <summary>Memory in bytes (libsodium's <c>memlimit</c>).</summary>
    public ulong MemoryBytes { get; }

    /// <summary>The per-capsule random salt.</summary>
    public Argon2idSalt Salt { get; }

    /// <summary>The defaults with a fresh random salt: what a new encrypted capsule uses.</summary>
    public static Argon2idParameters CreateDefault() =>
        new(DefaultIterations, DefaultMemoryBytes, Argon2idSalt.CreateRandom());

    /// <summary>
    /// Checks the values against libsodium's limits and Capsule's caps. A <c>default</c> instance
    /// (zero iterations) fails here, which is why <see cref="KeyDerivation"/> calls it again.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside the accepted range.</exception>
    public void Validate()
    {
        SodiumNative.EnsureInitialized();
        var minOps = (ulong)SodiumNative.crypto_pwhash_opslimit_min();
        var maxOps = Math.Min((ulong)SodiumNative.crypto_pwhash_opslimit_max(), MaxIterations);
        if (Iterations < minOps || Iterations > maxOps)
        {
            throw new ArgumentOutOfRangeException(
                nameof(Iterations), Iterations, $"Argon2id iterations must be between {minOps} and {maxOps}");
        }

        var minMem = (ulong)SodiumNative.crypto_pwhash_memlimit_min();
        var maxMem = Math.Min((ulong)SodiumNative.crypto_pwhash_memlimit_max(), MaxMemoryBytes);
        if (MemoryBytes < minMem || MemoryBytes > maxMem || MemoryBytes % BlockBytes != 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MemoryBytes), MemoryBytes,
                $"Argon2id memory must be a multiple of {BlockBytes} bytes between {minMem} and {maxMem}");
        }
    }
}
