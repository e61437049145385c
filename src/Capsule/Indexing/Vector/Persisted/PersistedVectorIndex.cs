using System.Buffers.Binary;
using Capsule.Format;
using Capsule.Indexing.Storage;
using static Capsule.Indexing.Vector.Persisted.VectorPayloadLayout;

namespace Capsule.Indexing.Vector.Persisted;

/// <summary>
/// A vector index read in place from its payload (PAYLOAD.md): opening checks the header, the section
/// table, the frame-id table and the level table (9 bytes per row) and nothing else; a search checks
/// each node's bytes (its row and its links) the first time it reaches the node, and remembers that in
/// one bit per node, so the steady-state cost over an unchecked walk is one bit test per distance.
/// Thread-safe for concurrent searches (scratch state is per thread).
/// </summary>
/// <remarks>
/// Does not own the payload: the caller disposes the <see cref="IndexPayload"/> after the last search.
/// Every structural problem found, on open or later during a search, throws
/// <see cref="FormatViolation"/> naming what is wrong.
/// </remarks>
public sealed unsafe partial class PersistedVectorIndex
{
    private readonly IndexPayload _payload;
    private readonly byte* _base;
    private readonly long[] _offsets = new long[SectionCount];
    private readonly long[] _lengths = new long[SectionCount];
    private readonly ulong[] _nodeChecked;
    private readonly ulong[] _rowChecked;
    private readonly long _upperInts;
    private bool _allRowsChecked;

    private PersistedVectorIndex(IndexPayload payload)
    {
        _payload = payload;
        _base = payload.Pointer;
        var header = payload.Span(0, HeaderLength);
        if (BinaryPrimitives.ReadUInt64LittleEndian(header[MagicOffset..]) != Magic)
        {
            FormatViolation.Throw("vector index payload does not start with the magic \"CPSVECIX\"");
        }
        var version = BinaryPrimitives.ReadUInt32LittleEndian(header[VersionOffset..]);
        if (version != FormatVersion)
        {
            FormatViolation.Throw($"vector index version {version} is not supported (this build reads version {FormatVersion})");
        }
        var headerLength = BinaryPrimitives.ReadUInt32LittleEndian(header[HeaderLengthOffset..]);
        if (headerLength != HeaderLength)
        {
            FormatViolation.Throw($"vector index header length {headerLength} is not {HeaderLength}");
        }
        var dimension = BinaryPrimitives.ReadUInt32LittleEndian(header[DimensionOffset..]);
        if (dimension - 1 >= FvecsReader.MaxDimension)
        {
            FormatViolation.Throw($"vector index dimension {dimension} is outside 1..{FvecsReader.MaxDimension}");
        }
        Dimension = (int)dimension;
        var metric = header[MetricOffset];
        if (metric > (byte)VectorMetric.L2)
        {
            FormatViolation.Throw($"vector index metric {metric} is unknown");
        }
        Metric = (VectorMetric)metric;
        var storage = header[StorageOffset];
        if (storage > (byte)VectorStorage.Int8)
        {
            FormatViolation.Throw($"vector index storage {storage} is unknown");
        }
        Storage = (VectorStorage)storage;
        var flags = header[FlagsOffset];
        if ((flags & ~FlagHasGraph) != 0 || header[ReservedByteOffset] != 0)
        {
            FormatViolation.Throw($"vector index flags 0x{flags:x2} / reserved byte {header[ReservedByteOffset]} hold unknown bits");
        }
        HasGraph = (flags & FlagHasGraph) != 0;
        var count = BinaryPrimitives.ReadUInt32LittleEndian(header[CountOffset..]);
        if (count > int.MaxValue)
        {
            FormatViolation.Throw($"vector index row count {count} exceeds {int.MaxValue}");
        }
        Count = (int)count;
        var m = BinaryPrimitives.ReadUInt32LittleEndian(header[MOffset..]);
        var efConstruction = BinaryPrimitives.ReadUInt32LittleEndian(header[EfConstructionOffset..]);
        var efSearch = BinaryPrimitives.ReadUInt32LittleEndian(header[EfSearchOffset..]);
        if (m - 2 > MaxM - 2 || efConstruction - 1 >= int.MaxValue || efSearch - 1 >= int.MaxValue)
        {
            FormatViolation.Throw($"vector index parameters M={m} efConstruction={efConstruction} efSearch={efSearch} are out of range");
        }
        Parameters = new HnswParameters
        {
            M = (int)m,
            EfConstruction = (int)efConstruction,
            EfSearch = (int)efSearch,
            Seed = BinaryPrimitives.ReadUInt64LittleEndian(header[SeedOffset..]),
        };
        EntryPoint = BinaryPrimitives.ReadInt32LittleEndian(header[EntryPointOffset..]);
        MaxLevel = BinaryPrimitives.ReadInt32LittleEndian(header[MaxLevelOffset..]);
        var upperInts = BinaryPrimitives.ReadUInt64LittleEndian(header[UpperLinkIntsOffset..]);
        if (header.Slice(ReservedOffset, ReservedLength).IndexOfAnyExcept((byte)0) >= 0)
        {
            FormatViolation.Throw("vector index reserved header bytes are not zero");
        }
        CheckGraphHeader(upperInts);
        _upperInts = (long)upperInts;
        ReadSectionTable(header);
        _nodeChecked = new ulong[(Count + 63) / 64];
        _rowChecked = Storage == VectorStorage.F32 ? _nodeChecked : new ulong[(Count + 63) / 64];
        CheckFrameIds();
        CheckLevels();
        // Quantizer ranges are tiny and read by every int8 distance: check them on open.
        _payload.EnsureVerified(_offsets[(int)Section.QuantMin], _lengths[(int)Section.QuantMin]);
        _payload.EnsureVerified(_offsets[(int)Section.QuantScale], _lengths[(int)Section.QuantScale]);
    }

    /// <summary>Values per vector.</summary>
    public int Dimension { get; }

    public VectorMetric Metric { get; }

    public VectorStorage Storage { get; }

    /// <summary>Rows (frames) in the index.</summary>
    public int Count { get; }

    /// <summary>False when the payload was written without a graph (small sets): every search is exact.</summary>
    public bool HasGraph { get; }

    /// <summary>The parameters the graph was built with (EfSearch is the default search width).</summary>
    public HnswParameters Parameters { get; }

    /// <summary>The node searches start from; -1 without a graph.</summary>
    public int EntryPoint { get; }

    /// <summary>The top layer; -1 without a graph.</summary>
    public int MaxLevel { get; }

    /// <summary>Smallest frame id in the index (rows are in ascending frame-id order); 0 when empty.</summary>
    public ulong FirstFrameId => Count == 0 ? 0 : FrameIdUnchecked(0);

    /// <summary>Largest frame id in the index; 0 when empty.</summary>
    public ulong LastFrameId => Count == 0 ? 0 : FrameIdUnchecked(Count - 1);

    /// <summary>Opens the index in <paramref name="payload"/>, checking header, section table, frame ids and levels.</summary>
    /// <exception cref="FormatViolation">The payload is not a well-formed vector index of a supported version.</exception>
    /// <exception cref="PlatformNotSupportedException">The host is big-endian (rows and links are read in place).</exception>
    public static PersistedVectorIndex Open(IndexPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("persisted vector indexes are read in place and need a little-endian host");
        }
        if (payload.Length < HeaderLength)
        {
            FormatViolation.Throw($"vector index payload is {payload.Length} bytes, shorter than its {HeaderLength}-byte header");
        }
        return new PersistedVectorIndex(payload);
    }

    /// <summary>The frame id of <paramref name="row"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is not in [0, Count).</exception>
    public ulong FrameId(int row)
    {
        if ((uint)row >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"the index has {Count} rows");
        }
        return FrameIdUnchecked(row);
    }

    /// <summary>The row holding <paramref name="frameId"/> (binary search of the ascending table); false when absent.</summary>
    public bool TryGetRow(ulong frameId, out int row)
    {
        int low = 0, high = Count - 1;
        while (low <= high)
        {
            var middle = (int)((uint)(low + high) >> 1);
            var id = FrameIdUnchecked(middle);
            if (id == frameId)
            {
                row = middle;
                return true;
            }
            if (id < frameId)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }
        row = -1;
        return false;
    }

    /// <summary>Copies the float32 vector of <paramref name="row"/> into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is not in [0, Count).</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Dimension"/>.</exception>
    public void ReadVector(int row, Span<float> destination)
    {
        if ((uint)row >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"the index has {Count} rows");
        }
        if (destination.Length < Dimension)
        {
            throw new ArgumentException($"destination holds {destination.Length} floats, the dimension is {Dimension}", nameof(destination));
        }
        EnsureRowChecked(row);
        new ReadOnlySpan<float>(RowPointer(row), Dimension).CopyTo(destination);
    }

    // SAFETY: row < Count and the frame-id section was checked (length and pages) on open.
    private ulong FrameIdUnchecked(int row) => *(ulong*)(_base + _offsets[(int)Section.FrameIds] + ((long)row * sizeof(ulong)));

    private float* RowPointer(int row) => (float*)(_base + _offsets[(int)Section.Vectors] + (row * RowStride(Dimension, sizeof(float))));

    private void CheckGraphHeader(ulong upperInts)
    {
        if (!HasGraph)
        {
            if (EntryPoint != -1 || MaxLevel != -1 || upperInts != 0)
            {
                FormatViolation.Throw($"vector index without a graph has entry point {EntryPoint}, max level {MaxLevel}, {upperInts} upper link ints");
            }
            return;
        }
        if ((uint)EntryPoint >= (uint)Count)
        {
            FormatViolation.Throw($"vector index entry point {EntryPoint} is not a row (count {Count})");
        }
        if ((uint)MaxLevel > VectorPayloadLayout.MaxLevel)
        {
            FormatViolation.Throw($"vector index max level {MaxLevel} is outside 0..{VectorPayloadLayout.MaxLevel}");
        }
        // Each node holds at most MaxLevel lists of (1 + M) ints above layer 0.
        if (upperInts > (ulong)Count * (ulong)VectorPayloadLayout.MaxLevel * (ulong)UpperInts(Parameters.M)
            || upperInts % (ulong)UpperInts(Parameters.M) != 0)
        {
            FormatViolation.Throw($"vector index upper link count {upperInts} does not fit {Count} nodes of M={Parameters.M}");
        }
    }

    /// <summary>
    /// Every section must sit exactly where the writer puts it: at the aligned end of the previous one,
    /// with exactly the length the header implies, and the payload must end where the last one does.
    /// So a single expected-offset walk rejects overlaps, gaps, bytes left over and lengths that lie.
    /// </summary>
    private void ReadSectionTable(ReadOnlySpan<byte> header)
    {
        var expected = SectionLengths(Count, Dimension, Storage, HasGraph, Parameters.M, _upperInts);
        long cursor = HeaderLength;
        for (var i = 0; i < SectionCount; i++)
        {
            var entry = SectionEntryOffset((Section)i);
            var offset = BinaryPrimitives.ReadUInt64LittleEndian(header[entry..]);
            var length = BinaryPrimitives.ReadUInt64LittleEndian(header[(entry + sizeof(ulong))..]);
            var at = Align(cursor);
            if (offset != (ulong)at || length != (ulong)expected[i])
            {
                FormatViolation.Throw($"vector index section {(Section)i} is at [{offset}, +{length}) but must be at [{at}, +{expected[i]})");
            }
            if (expected[i] > _payload.Length - at)
            {
                FormatViolation.Throw($"vector index section {(Section)i} [{at}, +{expected[i]}) runs past the {_payload.Length}-byte payload");
            }
            _offsets[i] = at;
            _lengths[i] = expected[i];
            cursor = at + expected[i];
        }
        if (cursor != _payload.Length)
        {
            FormatViolation.Throw($"vector index sections end at byte {cursor} but the payload has {_payload.Length} bytes");
        }
    }

    private void CheckFrameIds()
    {
        var ids = _payload.Span(_offsets[(int)Section.FrameIds], checked((int)_lengths[(int)Section.FrameIds]));
        ulong previous = 0;
        for (var row = 0; row < Count; row++)
        {
            var id = BinaryPrimitives.ReadUInt64LittleEndian(ids[(row * sizeof(ulong))..]);
            if (row > 0 && id <= previous)
            {
                FormatViolation.Throw($"vector index frame ids are not strictly ascending at row {row} ({previous} then {id})");
            }
            previous = id;
        }
    }

    /// <summary>Levels are read by every node check, so the table is checked whole on open (one byte per row).</summary>
    private void CheckLevels()
    {
        if (!HasGraph)
        {
            return;
        }
        var levels = _payload.Span(_offsets[(int)Section.Levels], Count);
        long upper = 0;
        for (var row = 0; row < Count; row++)
        {
            if (levels[row] > MaxLevel)
            {
                FormatViolation.Throw($"vector index node {row} is on level {levels[row]}, above the max level {MaxLevel}");
            }
            upper += levels[row];
        }
        if (levels[EntryPoint] != MaxLevel)
        {
            FormatViolation.Throw($"vector index entry point {EntryPoint} is on level {levels[EntryPoint]}, not the max level {MaxLevel}");
        }
        if (upper * UpperInts(Parameters.M) != _upperInts)
        {
            FormatViolation.Throw($"vector index levels need {upper * UpperInts(Parameters.M)} upper link ints, the header says {_upperInts}");
        }
    }
}
