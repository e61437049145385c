using System.Buffers.Binary;
using System.Security.Cryptography;
using Capsule.Engine;
using Capsule.Format;
using Capsule.Storage;

namespace Capsule.Crypto;

/// <summary>
/// The one seam through which an encrypted capsule's record bodies are read (FORMAT.md §16): a device
/// decorator that hands the engine plaintext at the same offsets as the ciphertext (the chunk tags
/// follow the ciphertext, see <see cref="SealedLayout"/>), so no parser knows whether a capsule is
/// encrypted. The engine names every record before it reads its body (<see cref="RecordIO.TryRead"/>
/// registers it here); a body read decrypts and authenticates the 64 KiB chunks it covers, once, into a
/// bounded CLOCK cache. Headers, tags and trailers, and the superblock slots, read as stored. Writes pass
/// through: <see cref="RecordIO.Append(IStorageDevice, RecordKind, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/> seals a body with <see cref="Frame"/> first.
/// </summary>
/// <remarks>
/// A span handed out points into a chunk array that is never reused (eviction drops the reference and
/// the GC keeps it alive while a span needs it), so spans stay valid as the device contract requires.
/// A body that does not authenticate throws <see cref="CorruptCapsuleException"/> naming the record.
/// <para><b>Memory.</b> Decrypted plaintext lives in two places: chunks in the CLOCK cache, and index
/// payloads (FORMAT.md §13), which <see cref="MapRange"/> decrypts whole into native memory because the
/// index readers run over one pointer where a plain capsule maps the file. Both draw on one budget,
/// <c>cacheBytes</c> (<see cref="CapsuleOptions.BlockCacheBytes"/>): every payload held shrinks the chunk
/// cache by its size (down to a floor of two chunks, so a read spanning a chunk boundary still caches),
/// and disposing it (the capsule closing, or a run merged away) gives the room back. So the decrypted bytes
/// held stay within the budget while the open indexes fit in it, and never exceed the open indexes plus
/// two chunks; <see cref="DecryptedIndexBytes"/> and <see cref="CachedChunkBytes"/> report both.</para>
/// </remarks>
internal sealed class SealedDevice : IStorageDevice
{
    private readonly IStorageDevice _inner;
    private readonly ChaCha20Poly1305 _cipher;
    private readonly Lock _lock = new();
    private readonly SortedList<long, Entry> _records = [];
    // Keyed by the record's header as well: a reader that decrypted a torn record may later find another
    // record written at the same offset (the writer cut the tail and appended again, under a new seal epoch).
    private readonly ClockCache<(long Record, ulong Header, int Chunk), byte[]> _chunks;

    private readonly record struct Entry(byte Kind, int Logical, int Stored, ulong Header);

    private readonly bool _leaveInnerOpen;

    /// <summary>The decrypted-bytes budget shared by the chunk cache and the index payloads.</summary>
    private readonly long _budget;

    /// <summary>The chunk cache never shrinks below two chunks, whatever the payloads hold.</summary>
    private const long MinChunkCache = 2L * SealedLayout.ChunkLength;

    private long _decryptedIndexBytes;

    public SealedDevice(IStorageDevice inner, ReadOnlySpan<byte> dataKey, ushort epoch, long cacheBytes, bool leaveInnerOpen = false)
    {
        _inner = inner;
        _leaveInnerOpen = leaveInnerOpen;
        _cipher = ChaChaSupport.Create(dataKey);
        Epoch = epoch;
        _budget = Math.Max(cacheBytes, MinChunkCache);
        _chunks = new ClockCache<(long, ulong, int), byte[]>(_budget, chunk => chunk.Length);
    }

    /// <summary>Bytes of decrypted index payloads currently held (mapped by <see cref="MapRange"/> and not yet disposed).</summary>
    public long DecryptedIndexBytes
    {
        get
        {
            lock (_lock)
            {
                return _decryptedIndexBytes;
            }
        }
    }

    /// <summary>How many decrypted payload bytes fit the budget beside the smallest chunk cache.</summary>
    public long IndexBudget => _budget - MinChunkCache;

    /// <summary>Bytes of decrypted chunks in the cache.</summary>
    public long CachedChunkBytes
    {
        get
        {
            lock (_lock)
            {
                return _chunks.Weight;
            }
        }
    }

    /// <summary>
    /// Decrypts an immutable range (an index payload) whole into native memory, counted against the
    /// budget until the range is disposed (see the remarks on memory).
    /// </summary>
    public MappedRange MapRange(long offset, long length)
    {
        var copy = MappedRange.Copy(this, offset, length);
        Account(copy.Length);
        return new AccountedRange(copy, this);
    }

    /// <summary>Adds (or, negative, releases) decrypted payload bytes and resizes the chunk cache to the rest of the budget.</summary>
    private void Account(long bytes)
    {
        lock (_lock)
        {
            _decryptedIndexBytes += bytes;
            _chunks.Capacity = Math.Max(MinChunkCache, _budget - _decryptedIndexBytes);
        }
    }

    /// <summary>A decrypted payload that gives its bytes back to the budget when disposed (once).</summary>
    private sealed unsafe class AccountedRange(MappedRange copy, SealedDevice owner) : MappedRange(copy.Length)
    {
        private int _disposed;

        public override byte* Pointer => copy.Pointer;

        public override void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                copy.Dispose();
                owner.Account(-Length);
            }
        }
    }

    /// <summary>The device holding the stored (sealed) bytes.</summary>
    public IStorageDevice Inner => _inner;

    /// <summary>The seal epoch written into the headers of records appended now (FORMAT.md §16.2).</summary>
    public ushort Epoch { get; set; }

    public string Name => _inner.Name;
    public bool IsReadOnly => _inner.IsReadOnly;
    public long Length => _inner.Length;

    /// <summary>Notes a record whose header the engine has checked, so that reads inside its body decrypt.</summary>
    public void Register(long offset, ReadOnlySpan<byte> header, int logicalLength)
    {
        var entry = Describe(header, logicalLength);
        lock (_lock)
        {
            _records[offset] = entry;
        }
    }

    private static Entry Describe(ReadOnlySpan<byte> header, int logicalLength) => new(
        header[RecordFraming.KindOffset], logicalLength,
        (int)BinaryPrimitives.ReadUInt32LittleEndian(header[RecordFraming.LengthOffset..]), BinaryPrimitives.ReadUInt64LittleEndian(header));

    public ReadOnlySpan<byte> Read(long offset, int length)
    {
        if (offset < Superblock.DataStart || length == 0)
        {
            return _inner.Read(offset, length);
        }
        lock (_lock)
        {
            var at = FloorIndex(offset);
            if (at < 0 || offset >= End(at))
            {
                at = WalkTo(offset, at);
            }
            if (at < 0)
            {
                return _inner.Read(offset, length);
            }
            var start = _records.Keys[at];
            var entry = _records.Values[at];
            var bodyStart = start + RecordFraming.HeaderLength;
            if (offset < bodyStart || offset >= bodyStart + entry.Logical)
            {
                return _inner.Read(offset, length); // header, tags, trailer: as stored
            }
            var relative = offset - bodyStart;
            if (relative + length > entry.Logical)
            {
                throw new CorruptCapsuleException($"a read of {length} bytes at body offset {relative} runs past the {entry.Logical}-byte body",
                    Name, start, RecordKindNames.Name(entry.Kind));
            }
            var first = (int)(relative / SealedLayout.ChunkLength);
            var last = (int)((relative + length - 1) / SealedLayout.ChunkLength);
            var within = (int)(relative - (long)first * SealedLayout.ChunkLength);
            if (first == last)
            {
                return Chunk(start, entry, first, cache: true).AsSpan(within, length);
            }
            var joined = new byte[length];
            var written = 0;
            // A long read (a whole table, an index payload copied when the index opens) is used once:
            // caching its chunks would only evict the ones point reads keep coming back to.
            var cache = last - first < StreamingChunks;
            for (var c = first; c <= last; c++)
            {
                var chunk = Chunk(start, entry, c, cache);
                var from = c == first ? within : 0;
                var take = Math.Min(chunk.Length - from, length - written);
                chunk.AsSpan(from, take).CopyTo(joined.AsSpan(written));
                written += take;
            }
            return joined;
        }
    }

    private long End(int at) => _records.Keys[at] + RecordFraming.TotalLength(_records.Values[at].Stored);

    /// <summary>
    /// A read past the records named so far: records are contiguous, so walk the stored headers from the
    /// end of the last one before <paramref name="offset"/>. This happens when a reader holds on to a
    /// record's location across a cut (a failed commit cut back, then retried at the same offsets).
    /// </summary>
    private int WalkTo(long offset, int at)
    {
        var position = at < 0 ? Superblock.DataStart : End(at);
        while (position <= offset && position + RecordFraming.HeaderLength <= _inner.Length)
        {
            var header = _inner.Read(position, RecordFraming.HeaderLength);
            var kind = header[RecordFraming.KindOffset];
            var stored = BinaryPrimitives.ReadUInt32LittleEndian(header[RecordFraming.LengthOffset..]);
            if (kind is < (byte)RecordKind.Segment or > (byte)RecordKind.Settings || stored > RecordFraming.MaxBodyLength
                || !SealedLayout.TryLogicalLength((int)stored, out var logical) || position + RecordFraming.TotalLength((int)stored) > _inner.Length)
            {
                break;
            }
            _records[position] = Describe(header, logical);
            position += RecordFraming.TotalLength((int)stored);
        }
        return FloorIndex(offset);
    }

    private int FloorIndex(long offset)
    {
        var keys = _records.Keys;
        int lo = 0, hi = keys.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (keys[mid] <= offset)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return found;
    }

    /// <summary>Reads spanning this many chunks or more decrypt without filling the cache.</summary>
    private const int StreamingChunks = 4;

    private byte[] Chunk(long start, Entry entry, int chunk, bool cache)
    {
        if (_chunks.TryGet((start, entry.Header, chunk), out var cached))
        {
            return cached;
        }
        var bodyStart = start + RecordFraming.HeaderLength;
        var chunkStart = (long)chunk * SealedLayout.ChunkLength;
        var length = (int)Math.Min(SealedLayout.ChunkLength, entry.Logical - chunkStart);
        var plaintext = new byte[length];
        var header = _inner.Read(start, RecordFraming.HeaderLength).ToArray();
        // The AEAD authenticates the header as stored now; the cache key names the header the record was
        // registered with, so a record written again at this offset never hits the old plaintext.
        var tag = _inner.Read(bodyStart + entry.Logical + (long)chunk * SealedLayout.TagLength, SealedLayout.TagLength).ToArray();
        var ciphertext = _inner.Read(bodyStart + chunkStart, length);
        if (!RecordSealer.TryOpenChunk(_cipher, start, header, entry.Logical, ciphertext, tag, chunk, plaintext))
        {
            throw new CorruptCapsuleException(
                $"chunk {chunk} of the body does not authenticate (its bytes were changed, or the record does not belong at this offset or in this capsule)",
                Name, start, RecordKindNames.Name(entry.Kind));
        }
        if (cache)
        {
            _chunks.Add((start, entry.Header, chunk), plaintext);
        }
        return plaintext;
    }

    /// <summary>Frames and seals a body for the record at <paramref name="fileOffset"/>: the complete stored record.</summary>
    public byte[] Frame(RecordKind kind, ReadOnlySpan<byte> body, long fileOffset)
    {
        if ((uint)body.Length > SealedLayout.MaxLogicalLength)
        {
            throw new ArgumentOutOfRangeException(nameof(body), $"record body of {body.Length} bytes exceeds the {SealedLayout.MaxLogicalLength}-byte limit of an encrypted capsule");
        }
        var stored = SealedLayout.StoredLength(body.Length);
        var record = new byte[RecordFraming.TotalLength(stored)];
        record[RecordFraming.KindOffset] = (byte)kind;
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(RecordFraming.ReservedOffset), Epoch);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(RecordFraming.LengthOffset), (uint)stored);
        RecordSealer.Seal(_cipher, fileOffset, record.AsSpan(0, RecordFraming.HeaderLength), body, record.AsSpan(RecordFraming.HeaderLength, stored));
        var crc = RecordFraming.Checksum(fileOffset, record.AsSpan(0, RecordFraming.HeaderLength + stored));
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(RecordFraming.HeaderLength + stored), crc);
        return record;
    }

    public void Write(long offset, ReadOnlySpan<byte> data) => _inner.Write(offset, data);

    public void Flush() => _inner.Flush();

    public void Truncate(long length)
    {
        lock (_lock)
        {
            _inner.Truncate(length);
            while (_records.Count > 0 && _records.Keys[^1] + RecordFraming.TotalLength(_records.Values[^1].Stored) > length)
            {
                _records.RemoveAt(_records.Count - 1);
            }
            _chunks.Clear();
        }
    }

    public void Refresh() => _inner.Refresh();

    public void AcquireWriterLock(TimeSpan timeout) => _inner.AcquireWriterLock(timeout);

    public void Dispose()
    {
        lock (_lock)
        {
            _chunks.Clear();
            _cipher.Dispose();
        }
        if (!_leaveInnerOpen)
        {
            _inner.Dispose();
        }
    }
}
