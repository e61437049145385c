using System.Buffers.Binary;
using System.Security.Cryptography;
using Capsule.Format;

namespace Capsule.Crypto;

/// <summary>
/// Seals and opens record bodies with ChaCha20-Poly1305 under the capsule's data key, chunk by chunk
/// (FORMAT.md §16.2, layout in <see cref="SealedLayout"/>): each 64 KiB chunk of plaintext is one AEAD
/// message, so a reader that needs one block of a 64 MiB segment decrypts and authenticates 64 KiB,
/// not the segment.
/// </summary>
/// <remarks>
/// <para>Nonce of chunk c of the record at file offset o, sealed in epoch e (12 bytes):</para>
/// <code>
///   off len field
///     0   2 chunk index c, u16 little-endian (below 2^15: bodies are under 2 GiB)
///     2   2 seal epoch e, u16 little-endian (the header's reserved field)
///     4   8 o, u64 little-endian
/// </code>
/// <para>Associated data (13 bytes): the record's 8-byte header as stored (kind, flags, reserved and
/// the <i>stored</i> body length), then c as u32, then 1 for the last chunk and 0 otherwise. The
/// header binds the kind and the length, the offset in the nonce binds the position, the index and
/// the last flag bind the chunk order: a record moved, relabelled, cut short or with chunks swapped
/// fails to open.</para>
/// <para>Why nonces never repeat under one key: ChaCha20-Poly1305 must never see the same (key, nonce)
/// twice. The file is append-only, so no two records ever start at the same offset under one data
/// key, and chunk indexes differ within a record. The one place offsets are written again is past the
/// last durable commit (a cut torn tail, a failed commit cut back); each such attempt seals under a new
/// seal epoch, made durable before it appends (FORMAT.md §16.2). A rewritten capsule uses a new random
/// data key. The data key is used for nothing else.</para>
/// </remarks>
internal static class RecordSealer
{
    public const int NonceLength = ChaChaSupport.NonceLength;
    public const int ChunkIndexOffset = 0;
    public const int EpochOffset = ChunkIndexOffset + 2;
    public const int FileOffsetOffset = EpochOffset + 2;

    /// <summary>Chunks per body stay below this (bodies are under 2 GiB), so the index fits its two bytes.</summary>
    public const int MaxChunks = 1 << 15;
    public const int AssociatedLength = RecordFraming.HeaderLength + 4 + 1;

    /// <summary>The nonce of chunk <paramref name="chunk"/> of the record at <paramref name="fileOffset"/> whose stored header is <paramref name="header"/>.</summary>
    public static void DeriveNonce(long fileOffset, int chunk, ReadOnlySpan<byte> header, Span<byte> nonce)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fileOffset);
        ArgumentOutOfRangeException.ThrowIfNegative(chunk);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(chunk, MaxChunks);
        BinaryPrimitives.WriteUInt16LittleEndian(nonce[ChunkIndexOffset..], (ushort)chunk);
        header.Slice(RecordFraming.ReservedOffset, 2).CopyTo(nonce[EpochOffset..]);
        BinaryPrimitives.WriteUInt64LittleEndian(nonce[FileOffsetOffset..], (ulong)fileOffset);
    }

    private static void Associated(ReadOnlySpan<byte> header, int chunk, bool last, Span<byte> associated)
    {
        header[..RecordFraming.HeaderLength].CopyTo(associated);
        BinaryPrimitives.WriteUInt32LittleEndian(associated[RecordFraming.HeaderLength..], (uint)chunk);
        associated[RecordFraming.HeaderLength + 4] = last ? (byte)1 : (byte)0;
    }

    /// <summary>
    /// Seals <paramref name="plaintext"/> as the body of the record at <paramref name="fileOffset"/> whose
    /// stored header is <paramref name="header"/>, into <paramref name="stored"/> (exactly
    /// <see cref="SealedLayout.StoredLength"/> bytes).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="stored"/> has the wrong length.</exception>
    public static void Seal(ChaCha20Poly1305 cipher, long fileOffset, ReadOnlySpan<byte> header, ReadOnlySpan<byte> plaintext, Span<byte> stored)
    {
        if (stored.Length != SealedLayout.StoredLength(plaintext.Length))
        {
            throw new ArgumentException($"{plaintext.Length} plaintext bytes store as {SealedLayout.StoredLength(plaintext.Length)}, the output holds {stored.Length}", nameof(stored));
        }
        var chunks = SealedLayout.ChunkCount(plaintext.Length);
        Span<byte> nonce = stackalloc byte[NonceLength];
        Span<byte> associated = stackalloc byte[AssociatedLength];
        for (var c = 0; c < chunks; c++)
        {
            var start = c * SealedLayout.ChunkLength;
            var length = Math.Min(SealedLayout.ChunkLength, plaintext.Length - start);
            DeriveNonce(fileOffset, c, header, nonce);
            Associated(header, c, c == chunks - 1, associated);
            cipher.Encrypt(nonce, plaintext.Slice(start, length), stored.Slice(start, length),
                stored.Slice(plaintext.Length + c * SealedLayout.TagLength, SealedLayout.TagLength), associated);
        }
    }

    /// <summary>
    /// Opens chunk <paramref name="chunk"/> of a stored body of <paramref name="logicalLength"/> plaintext
    /// bytes into <paramref name="plaintext"/> (the chunk's length). Returns false, with the output
    /// zeroed, when it does not authenticate.
    /// </summary>
    public static bool TryOpenChunk(ChaCha20Poly1305 cipher, long fileOffset, ReadOnlySpan<byte> header, int logicalLength,
        ReadOnlySpan<byte> chunkCiphertext, ReadOnlySpan<byte> tag, int chunk, Span<byte> plaintext)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        Span<byte> associated = stackalloc byte[AssociatedLength];
        DeriveNonce(fileOffset, chunk, header, nonce);
        Associated(header, chunk, chunk == SealedLayout.ChunkCount(logicalLength) - 1, associated);
        try
        {
            cipher.Decrypt(nonce, chunkCiphertext, tag, plaintext, associated);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            // Unverified plaintext must never reach the caller; .NET clears it, this makes sure.
            CryptographicOperations.ZeroMemory(plaintext);
            return false;
        }
    }

    /// <summary>Opens a whole stored body (tests and small records); false when any chunk fails.</summary>
    public static bool TryOpen(ChaCha20Poly1305 cipher, long fileOffset, ReadOnlySpan<byte> header, ReadOnlySpan<byte> stored, out byte[] plaintext)
    {
        plaintext = [];
        if (!SealedLayout.TryLogicalLength(stored.Length, out var n))
        {
            return false;
        }
        var output = new byte[n];
        for (var c = 0; c < SealedLayout.ChunkCount(n); c++)
        {
            var start = c * SealedLayout.ChunkLength;
            var length = Math.Min(SealedLayout.ChunkLength, n - start);
            if (!TryOpenChunk(cipher, fileOffset, header, n, stored.Slice(start, length), stored.Slice(n + c * SealedLayout.TagLength, SealedLayout.TagLength), c, output.AsSpan(start, length)))
            {
                return false;
            }
        }
        plaintext = output;
        return true;
    }
}
