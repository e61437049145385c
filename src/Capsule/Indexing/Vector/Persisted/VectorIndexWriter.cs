using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Capsule.Indexing.Vector.Quantization;
using static Capsule.Indexing.Vector.Persisted.VectorPayloadLayout;

namespace Capsule.Indexing.Vector.Persisted;

/// <summary>
/// Writes a persisted vector index payload (PAYLOAD.md): header, frame-id table, HNSW adjacency in
/// hnswlib's fixed-slot shape, float32 rows and, for F16/Int8, the compact rows, every section 64-byte
/// aligned, so <see cref="PersistedVectorIndex.Open"/> reads it in place without decoding anything.
/// Deterministic: the same rows, frame ids and parameters give the same bytes.
/// </summary>
public static class VectorIndexWriter
{
    /// <summary>
    /// Below this many rows no graph is written and the index answers exactly. Measured with
    /// <c>ann-persisted</c> (see PAYLOAD.md, "Measurements"): exact search over 2,000 rows of 384-d costs
    /// about what an ef=64 walk costs, and exact results are perfect.
    /// </summary>
    public const int DefaultGraphThreshold = 2000;

    /// <summary>
    /// Builds an HNSW graph over <paramref name="vectors"/> (unless it has fewer than
    /// <paramref name="graphThreshold"/> rows) and returns the payload. Row i of the column is frame
    /// <paramref name="frameIds"/>[i]. For <see cref="VectorMetric.Cosine"/> the rows must already be
    /// unit length (see <see cref="Distance.Normalize"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The frame ids are not strictly ascending or not one per row.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The parameters, metric or storage are out of range.</exception>
    public static byte[] Write(ulong[] frameIds, VectorColumn vectors, VectorMetric metric, VectorStorage storage = VectorStorage.F32,
        HnswParameters? parameters = null, int graphThreshold = DefaultGraphThreshold)
    {
        ArgumentNullException.ThrowIfNull(frameIds);
        ArgumentNullException.ThrowIfNull(vectors);
        for (var i = 1; i < frameIds.Length; i++)
        {
            if (frameIds[i] <= frameIds[i - 1])
            {
                throw new ArgumentException($"frame ids must be strictly ascending: [{i - 1}] = {frameIds[i - 1]}, [{i}] = {frameIds[i]}", nameof(frameIds));
            }
        }
        parameters ??= new HnswParameters();
        parameters.Validate();
        var graph = vectors.Count >= graphThreshold && vectors.Count > 0 ? HnswBuilder.Build(vectors, metric, parameters) : null;
        return Write(frameIds, vectors, metric, storage, parameters, graph);
    }

    /// <summary>
    /// Writes <paramref name="graph"/> (null: no graph) over the rows of <paramref name="vectors"/>,
    /// where row i is frame <paramref name="frameIds"/>[i] in any order: rows are written in ascending
    /// frame-id order and the graph's node numbers are renumbered to match (the merger appends rows
    /// of several parts in part order).
    /// </summary>
    internal static byte[] Write(ulong[] frameIds, VectorColumn vectors, VectorMetric metric, VectorStorage storage, HnswParameters parameters, HnswGraph? graph)
    {
        if (frameIds.Length != vectors.Count)
        {
            throw new ArgumentException($"{frameIds.Length} frame ids for {vectors.Count} rows", nameof(frameIds));
        }
        if (!Enum.IsDefined(metric))
        {
            throw new ArgumentOutOfRangeException(nameof(metric), metric, "unknown vector metric");
        }
        if (!Enum.IsDefined(storage))
        {
            throw new ArgumentOutOfRangeException(nameof(storage), storage, "unknown vector storage");
        }
        if (parameters.M > MaxM)
        {
            throw new ArgumentOutOfRangeException(nameof(parameters), parameters.M, $"M above {MaxM} cannot be persisted");
        }
        var count = vectors.Count;
        var dimension = vectors.Dimension;
        // order[newRow] = old row; inverse[old row] = new row.
        var order = Enumerable.Range(0, count).ToArray();
        var keys = (ulong[])frameIds.Clone();
        Array.Sort(keys, order);
        for (var i = 1; i < count; i++)
        {
            if (keys[i] == keys[i - 1])
            {
                throw new ArgumentException($"frame id {keys[i]} appears twice", nameof(frameIds));
            }
        }
        var inverse = new int[count];
        for (var i = 0; i < count; i++)
        {
            inverse[order[i]] = i;
        }

        var m = parameters.M;
        long upperInts = 0;
        if (graph is not null)
        {
            for (var node = 0; node < count; node++)
            {
                upperInts += (long)graph.Level(node) * UpperInts(m);
            }
        }
        var lengths = SectionLengths(count, dimension, storage, graph is not null, m, upperInts);
        var offsets = SectionOffsets(lengths);
        var total = offsets[SectionCount - 1] + lengths[SectionCount - 1];
        if (total > Array.MaxLength)
        {
            throw new ArgumentException($"the index would take {total} bytes, more than one payload array holds ({Array.MaxLength}); split the rows into smaller index segments", nameof(vectors));
        }
        var payload = new byte[total];
        var span = payload.AsSpan();

        WriteHeader(span, dimension, metric, storage, count, parameters, graph, inverse, upperInts, offsets, lengths);
        for (var row = 0; row < count; row++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(span.Slice((int)(offsets[(int)Section.FrameIds] + (row * 8L))), keys[row]);
        }
        if (graph is not null)
        {
            WriteGraph(span, graph, order, inverse, m, offsets);
        }
        WriteRows(span, vectors, order, storage, offsets);
        return payload;
    }

    private static long[] SectionOffsets(long[] lengths)
    {
        var offsets = new long[SectionCount];
        long cursor = HeaderLength;
        for (var i = 0; i < SectionCount; i++)
        {
            offsets[i] = Align(cursor);
            cursor = offsets[i] + lengths[i];
        }
        return offsets;
    }

    private static void WriteHeader(Span<byte> span, int dimension, VectorMetric metric, VectorStorage storage, int count,
        HnswParameters parameters, HnswGraph? graph, int[] inverse, long upperInts, long[] offsets, long[] lengths)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(span[MagicOffset..], Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(span[VersionOffset..], FormatVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(span[HeaderLengthOffset..], HeaderLength);
        BinaryPrimitives.WriteUInt32LittleEndian(span[DimensionOffset..], (uint)dimension);
        span[MetricOffset] = (byte)metric;
        span[StorageOffset] = (byte)storage;
        span[FlagsOffset] = graph is null ? (byte)0 : FlagHasGraph;
        BinaryPrimitives.WriteUInt32LittleEndian(span[CountOffset..], (uint)count);
        BinaryPrimitives.WriteUInt32LittleEndian(span[MOffset..], (uint)parameters.M);
        BinaryPrimitives.WriteUInt32LittleEndian(span[EfConstructionOffset..], (uint)parameters.EfConstruction);
        BinaryPrimitives.WriteUInt32LittleEndian(span[EfSearchOffset..], (uint)parameters.EfSearch);
        BinaryPrimitives.WriteInt32LittleEndian(span[EntryPointOffset..], graph is null ? -1 : inverse[graph.EntryPoint]);
        BinaryPrimitives.WriteInt32LittleEndian(span[MaxLevelOffset..], graph is null ? -1 : graph.MaxLevel);
        BinaryPrimitives.WriteUInt64LittleEndian(span[SeedOffset..], parameters.Seed);
        BinaryPrimitives.WriteUInt64LittleEndian(span[UpperLinkIntsOffset..], (ulong)upperInts);
        for (var i = 0; i < SectionCount; i++)
        {
            var entry = SectionEntryOffset((Section)i);
            BinaryPrimitives.WriteUInt64LittleEndian(span[entry..], (ulong)offsets[i]);
            BinaryPrimitives.WriteUInt64LittleEndian(span[(entry + sizeof(ulong))..], (ulong)lengths[i]);
        }
    }

    private static void WriteGraph(Span<byte> span, HnswGraph graph, int[] order, int[] inverse, int m, long[] offsets)
    {
        var count = order.Length;
        var levels = offsets[(int)Section.Levels];
        var upperOffsets = offsets[(int)Section.UpperOffsets];
        var layer0 = offsets[(int)Section.Layer0];
        var upperLinks = offsets[(int)Section.UpperLinks];
        long upperCursor = 0;
        for (var row = 0; row < count; row++)
        {
            var node = order[row];
            var level = graph.Level(node);
            span[(int)(levels + row)] = (byte)level;
            WriteList(span, layer0 + ((long)row * Layer0Ints(m) * sizeof(uint)), graph.Neighbors(node, 0), inverse);
            if (level == 0)
            {
                continue;
            }
            BinaryPrimitives.WriteUInt32LittleEndian(span[(int)(upperOffsets + (row * 4L))..], (uint)upperCursor);
            for (var layer = 1; layer <= level; layer++)
            {
                WriteList(span, upperLinks + (upperCursor * sizeof(uint)), graph.Neighbors(node, layer), inverse);
                upperCursor += UpperInts(m);
            }
        }
    }

    private static void WriteList(Span<byte> span, long at, ReadOnlySpan<int> links, int[] inverse)
    {
        var list = MemoryMarshal.Cast<byte, uint>(span.Slice((int)at, (1 + links.Length) * sizeof(uint)));
        list[0] = (uint)links.Length;
        for (var i = 0; i < links.Length; i++)
        {
            list[1 + i] = (uint)inverse[links[i]];
        }
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(list, list);
        }
    }

    private static void WriteRows(Span<byte> span, VectorColumn vectors, int[] order, VectorStorage storage, long[] offsets)
    {
        var dimension = vectors.Dimension;
        var vectorsAt = offsets[(int)Section.Vectors];
        var stride32 = RowStride(dimension, sizeof(float));
        var quantizer = storage == VectorStorage.Int8 ? ScalarQuantizer.Fit(vectors) : null;
        for (var row = 0; row < order.Length; row++)
        {
            var source = vectors.Row(order[row]);
            // Rows go through the platform's float layout; the reader refuses big-endian hosts (PAYLOAD.md).
            source.CopyTo(MemoryMarshal.Cast<byte, float>(span.Slice((int)(vectorsAt + (row * stride32)), dimension * sizeof(float))));
            if (storage == VectorStorage.F16)
            {
                var at = offsets[(int)Section.HalfCodes] + (row * RowStride(dimension, 2));
                TensorPrimitives.ConvertToHalf(source, MemoryMarshal.Cast<byte, Half>(span.Slice((int)at, dimension * 2)));
            }
            else if (quantizer is not null)
            {
                var at = offsets[(int)Section.ByteCodes] + (row * RowStride(dimension, 1));
                quantizer.Encode(source, span.Slice((int)at, dimension));
            }
        }
        if (quantizer is not null)
        {
            quantizer.Min.AsSpan().CopyTo(MemoryMarshal.Cast<byte, float>(span.Slice((int)offsets[(int)Section.QuantMin], dimension * sizeof(float))));
            quantizer.Scale.AsSpan().CopyTo(MemoryMarshal.Cast<byte, float>(span.Slice((int)offsets[(int)Section.QuantScale], dimension * sizeof(float))));
        }
    }
}
