using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Capsule.Benchmarks;

/// <summary>
/// The SQLite FTS5 peer for the import mode, with the same schema the anchors' lex_peers.py uses.
/// Pooling is off so that disposing the connection really closes the file before its size is read.
/// </summary>
public static class SqlitePeer
{
    public static string Version()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_version()";
        return (string)command.ExecuteScalar()!;
    }

    public static TimeSpan IngestFts5(string path, List<ImportBenchmark.Doc> docs)
    {
        var start = Stopwatch.GetTimestamp();
        using (var connection = new SqliteConnection($"Data Source={path};Mode=ReadWriteCreate;Pooling=False"))
        {
            connection.Open();
            using (var create = connection.CreateCommand())
            {
                create.CommandText = "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, text)";
                create.ExecuteNonQuery();
            }
            using var transaction = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO docs(id, text) VALUES ($id, $text)";
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var text = insert.Parameters.Add("$text", SqliteType.Text);
            insert.Prepare();
            foreach (var doc in docs)
            {
                id.Value = doc.Id;
                text.Value = doc.Text;
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        return Stopwatch.GetElapsedTime(start);
    }

    /// <summary>The database plus any journal left beside it (none after a clean close in rollback mode).</summary>
    public static long TotalBytes(string path) =>
        new[] { path, path + "-journal", path + "-wal", path + "-shm" }.Where(File.Exists).Sum(p => new FileInfo(p).Length);

    /// <summary>p50 of <c>SELECT text FROM docs WHERE rowid = ?</c>; rowids are 1-based in insert order, frame ids 0-based.</summary>
    public static double ReadP50(string path, ulong[] ids, int reads, int warmup)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT text FROM docs WHERE rowid = $rowid";
        var rowid = select.Parameters.Add("$rowid", SqliteType.Integer);
        select.Prepare();
        long sink = 0;
        string Read(ulong id)
        {
            rowid.Value = (long)id + 1;
            using var reader = select.ExecuteReader();
            return reader.Read() ? reader.GetString(0) : throw new InvalidOperationException($"no row {id + 1}");
        }
        for (var i = 0; i < warmup; i++)
        {
            sink += Read(ids[reads + i]).Length;
        }
        var latencies = Measure.Latencies(reads, i => sink += Read(ids[i]).Length);
        GC.KeepAlive(sink);
        return Measure.Percentile(latencies, 50);
    }
}
