namespace Capsule;

/// <summary>How a capsule is opened and how it writes. The defaults suit most uses.</summary>
public sealed record CapsuleOptions
{
    /// <summary>Open for reading only: no lock, no writes; many readers may share a file with one writer.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>
    /// The branch to open (its head is what this instance reads, and where its commits go); null opens the
    /// capsule's default branch. Opening a branch that does not exist throws <see cref="KeyNotFoundException"/>.
    /// </summary>
    public string? Branch { get; init; }

    /// <summary>How long to wait for another writer to release the lock before failing (default: fail at once).</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.Zero;

    /// <summary>The clock that stamps frames and commits; a fixed clock makes files byte-for-byte reproducible.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Seal a run once the unsealed tail holds this many frames (open replays at most about this many).</summary>
    public int SealFrameThreshold { get; init; } = 8192;

    /// <summary>Seal a run once the unsealed tail spans this many commits.</summary>
    public int SealCommitThreshold { get; init; } = 256;

    /// <summary>How many runs of similar size are merged into one (tiered merging keeps their number logarithmic).</summary>
    public int RunMergeFactor { get; init; } = 8;

    /// <summary>
    /// Uncompressed bytes per compressed block: reading one frame decompresses one block. 16 KiB was
    /// measured against 8 and 32 KiB on a million 200-byte facts: random Get p50 30 µs (8 KiB: 18, 32 KiB: 51)
    /// for a 3% larger file than 32 KiB blocks (8 KiB: 9%), and the same ingest rate.
    /// </summary>
    public int BlockSize { get; init; } = 16 * 1024;

    /// <summary>A commit's frames are cut into several segments past this many uncompressed bytes.</summary>
    public int SegmentMaxBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>
    /// The codecs a segment may choose from (default: all). Raw is always allowed, since it is the
    /// fallback when compression does not pay.
    /// </summary>
    public IReadOnlyList<Codecs.CodecId>? Codecs { get; init; }

    /// <summary>
    /// Zstandard level for segments. 1 rather than zstd's default 3: segments are compressed in independent 16 KiB
    /// blocks, where level 3 took about a quarter more time for about 1% smaller segments (one SegmentBuilder.Build
    /// over all the frames of cran, med and scifact, warm, medians of 7: 18 → 15, 15 → 11.5 and 97 → 77 ms; bytes
    /// +1.1%, +0.6% and +0.9%), and a bulk commit compresses on the writer's thread while the index is built on the others.
    /// </summary>
    public int ZstdLevel { get; init; } = 1;

    /// <summary>
    /// Whether a writer starts the full-text index of a bulk commit on another core while frames are still
    /// being put (<see cref="Engine.Indexes.EarlyFullTextBuild"/>). The index bytes are the same either
    /// way; tests switch it off to prove that.
    /// </summary>
    internal bool EarlyIndexing { get; init; } = true;

    /// <summary>
    /// Bytes of decompressed blocks kept in memory for repeated reads. An encrypted capsule has a second
    /// budget of the same size for decrypted record bodies: cached 64 KiB chunks plus the index payloads
    /// decrypted when an index opens, which shrink the chunk cache while they are held (FORMAT.md §16.2).
    /// </summary>
    public long BlockCacheBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>
    /// Index settings for a capsule being created (or a format-1 capsule being upgraded). An existing
    /// capsule keeps the settings recorded in it; these are then ignored.
    /// </summary>
    public IndexSettings Indexing { get; init; } = IndexSettings.Default;

    /// <summary>
    /// The password of an encrypted capsule (FORMAT.md §16). Given to <see cref="Capsule.Create(string, CapsuleOptions?)"/>
    /// it creates an encrypted capsule; an encrypted capsule opens only with it. Never empty.
    /// </summary>
    public string? Password { get; init; }

    /// <summary>
    /// Argon2id passes for a capsule being created with a password (libsodium opslimit). With
    /// <see cref="KdfMemoryBytes"/>: 3 passes over 128 MiB took about 350 ms on the development machine
    /// (see Crypto/Argon2idParameters.cs for the measurements): guessing stays expensive, opening stays
    /// well under a second. Tests use 1 pass over 8 KiB for speed, a setting far too weak for real use.
    /// </summary>
    public uint KdfIterations { get; init; } = Crypto.Argon2idParameters.DefaultIterations;

    /// <summary>Argon2id memory in bytes for a capsule being created with a password (libsodium memlimit).</summary>
    public ulong KdfMemoryBytes { get; init; } = Crypto.Argon2idParameters.DefaultMemoryBytes;

    /// <summary>Where salts, data keys and wrap nonces come from; golden recipes fix it so their files reproduce.</summary>
    /// <remarks>
    /// The default is a method of this type, not the operating system generator's own method: a delegate to that loads
    /// the cryptography assembly wherever options are made, a cold process's first <c>Create</c> of a plain capsule too.
    /// </remarks>
    internal Func<int, byte[]> RandomBytes { get; init; } = SystemRandomBytes;

    private static byte[] SystemRandomBytes(int count) => System.Security.Cryptography.RandomNumberGenerator.GetBytes(count);

    /// <summary>Leaves the password out, unlike the generated record ToString.</summary>
    public override string ToString() =>
        $"CapsuleOptions {{ ReadOnly = {ReadOnly}, Encrypted = {Password is not null}, BlockSize = {BlockSize}, SealFrameThreshold = {SealFrameThreshold} }}";

    internal void Validate()
    {
        if (Password is { Length: 0 })
        {
            throw new ArgumentException("the password must not be empty", nameof(Password));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(SealFrameThreshold, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(SealCommitThreshold, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(RunMergeFactor, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(BlockSize, 512);
        ArgumentOutOfRangeException.ThrowIfLessThan(SegmentMaxBytes, BlockSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(LockTimeout, TimeSpan.Zero);
        Indexing.Hnsw.Validate(); // the settings record holds them (FORMAT.md §14): out-of-range values would read back as corruption
    }
}
