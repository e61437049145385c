using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using CapsuleFile = Capsule.Capsule;

namespace Capsule.Benchmarks;

/// <summary>
/// Open a large capsule read-only and read one frame, then close it: the cost an agent pays to
/// start answering from a big memory file. Design goal: open replays only the unsealed tail, so
/// it stays flat as the file grows. GlobalSetup builds <see cref="Count"/> small (64-byte) facts
/// committed every 1,000; the peer is SQLite opening a table of the same rows and reading one by
/// rowid. The OS page cache is warm (same process), so this measures CPU work, not disk reads.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class OpenBenchmarks
{
    public const int Count = 1_000_000;
    public const int FrameBytes = 64;

    private TempDir _dir = null!;
    private string _path = "";
    private readonly CapsuleOptions _readOnly = new() { ReadOnly = true };

    [GlobalSetup(Target = nameof(CapsuleOpenAndGet))]
    public void SetupCapsule()
    {
        _dir = new TempDir("open");
        _path = _dir.File("facts.mvc");
        FactStores.BuildCapsule(_path, Count, FrameBytes, withUri: false);
    }

    [GlobalSetup(Target = nameof(SqliteOpenAndSelect))]
    public void SetupSqlite()
    {
        _dir = new TempDir("open-sqlite");
        _path = _dir.File("facts.sqlite");
        FactStores.BuildSqlite(_path, Count, FrameBytes, withUri: false);
    }

    [GlobalCleanup]
    public void Cleanup() => _dir.Dispose();

    [Benchmark(Description = "Capsule Open(read-only) + Get + Dispose")]
    public int CapsuleOpenAndGet()
    {
        using var capsule = CapsuleFile.Open(_path, _readOnly);
        return capsule.Get(Count / 2).Payload.Length;
    }

    [Benchmark(Baseline = true, Description = "SQLite open(read-only) + SELECT by rowid + close")]
    public int SqliteOpenAndSelect()
    {
        using var connection = FactStores.OpenSqliteReadOnly(_path);
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT payload FROM facts WHERE id = $id";
        select.Parameters.AddWithValue("$id", Count / 2 + 1);
        using var reader = select.ExecuteReader();
        return reader.Read() ? reader.GetFieldValue<byte[]>(0).Length : 0;
    }
}
