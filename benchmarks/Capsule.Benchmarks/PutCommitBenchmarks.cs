using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using CapsuleFile = Capsule.Capsule;

namespace Capsule.Benchmarks;

/// <summary>
/// Latency of making one 200-byte fact durable: Put + Commit (which fsyncs) on a real file in a temp
/// directory. The peer is SQLite inserting one row in its own transaction, in its default rollback-
/// journal mode with synchronous=FULL: the durable single-file configuration (WAL mode would add
/// -wal and -shm sidecars, which Capsule's design rules out). The file grows across iterations, so
/// the mean includes Capsule's periodic run sealing (every 256 commits) as a steady-state writer sees it.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class PutCommitBenchmarks
{
    private TempDir _dir = null!;
    private CapsuleFile _capsule = null!;
    private SqliteConnection _sqlite = null!;
    private SqliteCommand _insert = null!;
    private SqliteParameter _text = null!;
    private FrameDraft _draft = null!;

    [GlobalSetup(Target = nameof(CapsulePutCommit))]
    public void SetupCapsule()
    {
        _dir = new TempDir("putcommit");
        _draft = Facts.Drafts(1, E2eFacts.FactBytes)[0];
        _capsule = CapsuleFile.Create(_dir.File("facts.mvc"));
    }

    [GlobalSetup(Target = nameof(SqliteInsertCommit))]
    public void SetupSqlite()
    {
        _dir = new TempDir("putcommit-sqlite");
        _draft = Facts.Drafts(1, E2eFacts.FactBytes)[0];
        (_sqlite, _insert, _text) = FactStores.CreateSqliteWriter(_dir.File("facts.sqlite"));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _capsule?.Dispose();
        _insert?.Dispose();
        _sqlite?.Dispose();
        _dir.Dispose();
    }

    [Benchmark(Description = "Capsule Put+Commit (1 fact, fsync)")]
    public ulong CapsulePutCommit()
    {
        _capsule.Put(_draft);
        return _capsule.Commit().Sequence;
    }

    /// <summary>Autocommit: the INSERT is its own transaction, fsynced before it returns.</summary>
    [Benchmark(Baseline = true, Description = "SQLite INSERT autocommit (1 row, FULL)")]
    public int SqliteInsertCommit()
    {
        _text.Value = _draft.Payload.ToArray();
        return _insert.ExecuteNonQuery();
    }
}
