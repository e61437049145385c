namespace Capsule.Format;

/// <summary>
/// The body of a settings record (FORMAT.md §14): what every reader of the capsule must use to read
/// its indexes the way they were written. Written by the first commit and again whenever something
/// changes (an embedding binding made on first use); each commit names the one in force.
/// <code>
/// u8   layout version (1)
/// u8   analyzer settings length A, then A bytes (the analyzer's own versioned layout)
/// f64  BM25 k1    f64 BM25 b    f64 title field boost
/// u32  embedding dimension (0 = no embedding bound yet; then metric/storage/model are ignored)
/// u8   metric (0 cosine, 1 dot product, 2 euclidean)    u8 vector storage (0 f32, 1 f16, 2 int8)
/// u16  HNSW M    u16 HNSW efConstruction    u16 HNSW default efSearch
/// str  embedding model name (≤ 256 bytes)
/// </code>
/// </summary>
internal sealed record SettingsRecord(
    byte[] Analyzer,
    double K1,
    double B,
    double TitleBoost,
    uint Dimension,
    byte Metric,
    byte Storage,
    ushort HnswM,
    ushort HnswEfConstruction,
    ushort HnswEfSearch,
    string Model)
{
    public const byte LayoutVersion = 1;
    public const int MaxModelBytes = 256;

    /// <summary>The largest HNSW M a vector index can hold (its neighbour lists, FORMAT.md §15.2).</summary>
    public const int MaxHnswM = 512;

    public byte[] Encode()
    {
        var w = new ByteWriter(64 + Analyzer.Length + Model.Length * 3);
        w.U8(LayoutVersion);
        w.U8(checked((byte)Analyzer.Length));
        w.Bytes(Analyzer);
        w.F64(K1);
        w.F64(B);
        w.F64(TitleBoost);
        w.U32(Dimension);
        w.U8(Metric);
        w.U8(Storage);
        w.U16(HnswM);
        w.U16(HnswEfConstruction);
        w.U16(HnswEfSearch);
        w.String(Model);
        return w.ToArray();
    }

    public static SettingsRecord Decode(ReadOnlySpan<byte> body)
    {
        var r = new SpanReader(body);
        var version = r.U8();
        if (version != LayoutVersion)
        {
            throw new UnsupportedFormatException($"settings layout {version} is not supported (this reader knows {LayoutVersion}); upgrade Capsule", null, 0);
        }
        var analyzer = r.Take(r.U8()).ToArray();
        var k1 = r.F64();
        var b = r.F64();
        var boost = r.F64();
        var dimension = r.U32();
        var metric = r.U8();
        var storage = r.U8();
        var m = r.U16();
        var efc = r.U16();
        var efs = r.U16();
        var model = r.String(MaxModelBytes);
        r.ExpectEnd("settings");
        if (!double.IsFinite(k1) || k1 < 0 || !double.IsFinite(b) || b is < 0 or > 1 || !double.IsFinite(boost) || boost < 0
            || dimension > 65536 || metric > 2 || storage > 2 || (dimension != 0 && (m < 2 || m > MaxHnswM || efc == 0 || efs == 0)))
        {
            FormatViolation.Throw($"settings hold values no writer produces (k1 {k1}, b {b}, boost {boost}, dimension {dimension}, metric {metric}, storage {storage}, M {m})");
        }
        return new SettingsRecord(analyzer, k1, b, boost, dimension, metric, storage, m, efc, efs, model);
    }
}
