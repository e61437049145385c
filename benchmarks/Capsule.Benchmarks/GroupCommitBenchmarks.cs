using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using CapsuleFile = Capsule.Capsule;

namespace Capsule.Benchmarks;

/// <summary>
/// Group commit: one operation is 1,000 puts of 200-byte facts and one Commit (one fsync), so
/// frames/s = 1,000 × ops/s (= 1,000 / Mean). The peer is SQLite inserting the same 1,000 rows in one
/// transaction (rollback journal, synchronous=FULL). The drafts are built once, outside the timing.
/// The capsule grows by 1,000 frames per operation, so sealing and run merging are included.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class GroupCommitBenchmarks
{
    public const int BatchSize = 1_000;

    private TempDir _dir = null!;
    private CapsuleFile _capsule = null!;
    private SqliteConnection _sqlite = null!;
    private SqliteCommand _insert = null!;
    private SqliteParameter _payload = null!;
    private FrameDraft[] _drafts = null!;
    private byte[][] _rows = null!;

    [GlobalSetup(Target = nameof(CapsuleBatch))]
    public void SetupCapsule()
    {
        _dir = new TempDir("group");
        _drafts = Facts.Drafts(BatchSize, E2eFacts.FactBytes);
        _capsule = CapsuleFile.Create(_dir.File("facts.mvc"));
    }

    [GlobalSetup(Target = nameof(SqliteBatch))]
    public void SetupSqlite()
    {
        _dir = new TempDir("group-sqlite");
        _rows = Facts.Drafts(BatchSize, E2eFacts.FactBytes).Select(d => d.Payload.ToArray()).ToArray();
        (_sqlite, _insert, _payload) = FactStores.CreateSqliteWriter(_dir.File("facts.sqlite"));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _capsule?.Dispose();
        _insert?.Dispose();
        _sqlite?.Dispose();
        _dir.Dispose();
    }

    [Benchmark(Description = "Capsule 1,000 Put + 1 Commit")]
    public ulong CapsuleBatch()
    {
        foreach (var draft in _drafts)
        {
            _capsule.Put(draft);
        }
        return _capsule.Commit().NextFrameId;
    }

    [Benchmark(Baseline = true, Description = "SQLite 1,000 INSERT in 1 transaction")]
    public int SqliteBatch()
    {
        using var transaction = _sqlite.BeginTransaction();
        _insert.Transaction = transaction;
        var rows = 0;
        foreach (var row in _rows)
        {
            _payload.Value = row;
            rows += _insert.ExecuteNonQuery();
        }
        transaction.Commit();
        return rows;
    }
}
