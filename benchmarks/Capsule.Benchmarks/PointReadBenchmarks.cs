using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using CapsuleFile = Capsule.Capsule;

namespace Capsule.Benchmarks;

/// <summary>
/// Warm point reads on 100,000 committed 200-byte facts, opened read-only (mapped): Get by a random
/// frame id and TryGetByUri by a random uri, against SQLite reading the same rows by rowid and by a
/// UNIQUE-indexed uri. Ids come pre-generated from a fixed seed; one invocation reads all
/// <see cref="Reads"/> of them (OperationsPerInvoke), so the reported time is per read and the loop
/// overhead is amortised. Both sides return bytes (payload length summed), no string decoding.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class PointReadBenchmarks
{
    public const int Count = 100_000;
    public const int Reads = 4_096;

    private TempDir _dir = null!;
    private CapsuleFile _capsule = null!;
    private SqliteConnection _sqlite = null!;
    private SqliteCommand _select = null!;
    private SqliteParameter _key = null!;
    private ulong[] _ids = null!;
    private string[] _uris = null!;

    private void Keys()
    {
        _ids = Facts.RandomIds(Reads, Count);
        _uris = _ids.Select(id => Facts.UriOf((long)id)).ToArray();
    }

    [GlobalSetup(Targets = [nameof(CapsuleGet), nameof(CapsuleTryGetByUri)])]
    public void SetupCapsule()
    {
        Keys();
        _dir = new TempDir("pointread");
        var path = _dir.File("facts.mvc");
        FactStores.BuildCapsule(path, Count, E2eFacts.FactBytes, withUri: true);
        _capsule = CapsuleFile.Open(path, new CapsuleOptions { ReadOnly = true });
    }

    [GlobalSetup(Target = nameof(SqliteByRowid))]
    public void SetupSqliteRowid() => SetupSqlite("SELECT payload FROM facts WHERE id = $key", SqliteType.Integer);

    [GlobalSetup(Target = nameof(SqliteByUri))]
    public void SetupSqliteUri() => SetupSqlite("SELECT payload FROM facts WHERE uri = $key", SqliteType.Text);

    private void SetupSqlite(string sql, SqliteType keyType)
    {
        Keys();
        _dir = new TempDir("pointread-sqlite");
        var path = _dir.File("facts.sqlite");
        FactStores.BuildSqlite(path, Count, E2eFacts.FactBytes, withUri: true);
        _sqlite = FactStores.OpenSqliteReadOnly(path);
        _select = _sqlite.CreateCommand();
        _select.CommandText = sql;
        _key = _select.Parameters.Add("$key", keyType);
        _select.Prepare();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _capsule?.Dispose();
        _select?.Dispose();
        _sqlite?.Dispose();
        _dir.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Reads, Description = "Capsule Get(random id)")]
    public long CapsuleGet()
    {
        long bytes = 0;
        foreach (var id in _ids)
        {
            bytes += _capsule.Get(id).Payload.Length;
        }
        return bytes;
    }

    [Benchmark(OperationsPerInvoke = Reads, Description = "Capsule TryGetByUri(random uri)")]
    public long CapsuleTryGetByUri()
    {
        long bytes = 0;
        foreach (var uri in _uris)
        {
            bytes += _capsule.TryGetByUri(uri, out var frame) ? frame.Payload.Length : 0;
        }
        return bytes;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Reads, Description = "SQLite SELECT by rowid")]
    public long SqliteByRowid()
    {
        long bytes = 0;
        foreach (var id in _ids)
        {
            bytes += ReadRow((long)id + 1);
        }
        return bytes;
    }

    [Benchmark(OperationsPerInvoke = Reads, Description = "SQLite SELECT by uri (UNIQUE index)")]
    public long SqliteByUri()
    {
        long bytes = 0;
        foreach (var uri in _uris)
        {
            bytes += ReadRow(uri);
        }
        return bytes;
    }

    private int ReadRow(object key)
    {
        _key.Value = key;
        using var reader = _select.ExecuteReader();
        return reader.Read() ? reader.GetFieldValue<byte[]>(0).Length : 0;
    }
}
