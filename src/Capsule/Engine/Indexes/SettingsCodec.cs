using Capsule.Format;
using Capsule.Indexing.Lexical.Analysis;
using Capsule.Indexing.Lexical.Ranking;
using Capsule.Indexing.Vector;

namespace Capsule.Engine.Indexes;

/// <summary>Maps the public <see cref="IndexSettings"/> to the settings record (FORMAT.md §14) and back.</summary>
internal static class SettingsCodec
{
    public static SettingsRecord ToRecord(IndexSettings s) => new(
        s.Analyzer.Serialize(),
        s.Bm25.K1,
        s.Bm25.B,
        s.TitleBoost,
        (uint)(s.Embedding?.Dimension ?? 0),
        (byte)(s.Embedding?.Metric ?? VectorMetric.Cosine),
        s.Embedding?.Storage ?? 0,
        (ushort)s.Hnsw.M,
        (ushort)s.Hnsw.EfConstruction,
        (ushort)s.Hnsw.EfSearch,
        s.Embedding?.Model ?? "");

    public static IndexSettings FromRecord(SettingsRecord r) => new()
    {
        Analyzer = AnalyzerSettings.Deserialize(r.Analyzer),
        Bm25 = new Bm25Parameters(r.K1, r.B),
        TitleBoost = r.TitleBoost,
        Embedding = r.Dimension == 0 ? null : new EmbeddingBinding((int)r.Dimension, (VectorMetric)r.Metric, r.Model) { Storage = r.Storage },
        Hnsw = r.Dimension == 0 && r.HnswM < 2 ? new HnswParameters() : new HnswParameters { M = r.HnswM, EfConstruction = r.HnswEfConstruction, EfSearch = r.HnswEfSearch },
    };

    /// <summary>The settings a commit names (defaults for a format-1 capsule, which has none).</summary>
    public static IndexSettings Read(Storage.IStorageDevice device, CommitRecord? head)
    {
        return head is { SettingsOffset: > 0 } commit ? ReadAt(device, commit.SettingsOffset) : IndexSettings.Default;
    }

    /// <summary>Reads and fully checks the settings record at <paramref name="offset"/> (also what verify does).</summary>
    public static IndexSettings ReadAt(Storage.IStorageDevice device, long offset)
    {
        var location = RecordIO.ReadCommitted(device, offset, RecordKind.Settings, checkCrc: true);
        try
        {
            return FromRecord(RecordIO.Parse(device, location, SettingsRecord.Decode));
        }
        // The analyzer's own checks know no file: name the record they came from.
        catch (UnsupportedFormatException e) when (e.FilePath is null)
        {
            throw new UnsupportedFormatException(e.Message, device.Name, offset);
        }
        catch (CorruptCapsuleException e) when (e.FilePath is null)
        {
            throw new CorruptCapsuleException(e.Message, device.Name, offset, "settings", e);
        }
    }
}
