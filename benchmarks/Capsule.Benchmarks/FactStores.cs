using Microsoft.Data.Sqlite;
using CapsuleFile = Capsule.Capsule;

namespace Capsule.Benchmarks;

/// <summary>Builds the same N facts into a capsule and into a plain SQLite table, for the read benchmarks' GlobalSetup.</summary>
public static class FactStores
{
    public const int CommitEvery = 1_000;

    /// <summary>Facts committed every 1,000 (frame id i = fact i); with uris fact/i when asked.</summary>
    public static void BuildCapsule(string path, int count, int bytes, bool withUri)
    {
        using var capsule = CapsuleFile.Create(path);
        for (var first = 0; first < count; first += CommitEvery)
        {
            foreach (var draft in Facts.Drafts(Math.Min(CommitEvery, count - first), bytes, first, withUri))
            {
                capsule.Put(draft);
            }
            capsule.Commit();
        }
    }

    /// <summary>
    /// The peer's equivalent: rowid = fact index + 1, payload as a BLOB (so reads return bytes, as
    /// Capsule's Get does), and a UNIQUE index on uri for the by-uri lookup.
    /// </summary>
    public static void BuildSqlite(string path, int count, int bytes, bool withUri)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = withUri
                ? "CREATE TABLE facts(id INTEGER PRIMARY KEY, uri TEXT NOT NULL UNIQUE, payload BLOB NOT NULL)"
                : "CREATE TABLE facts(id INTEGER PRIMARY KEY, uri TEXT, payload BLOB NOT NULL)";
            create.ExecuteNonQuery();
        }
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO facts(uri, payload) VALUES ($uri, $payload)";
        var uri = insert.Parameters.Add("$uri", SqliteType.Text);
        var payload = insert.Parameters.Add("$payload", SqliteType.Blob);
        insert.Prepare();
        for (var first = 0; first < count; first += CommitEvery)
        {
            foreach (var draft in Facts.Drafts(Math.Min(CommitEvery, count - first), bytes, first, withUri))
            {
                uri.Value = withUri ? draft.Uri : DBNull.Value;
                payload.Value = draft.Payload.ToArray();
                insert.ExecuteNonQuery();
            }
        }
        transaction.Commit();
    }

    /// <summary>
    /// An empty facts table for the write benchmarks' peer, with a prepared INSERT of one payload.
    /// synchronous=FULL is SQLite's default in rollback-journal mode; it is set so the intent is visible.
    /// </summary>
    public static (SqliteConnection Connection, SqliteCommand Insert, SqliteParameter Payload) CreateSqliteWriter(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "PRAGMA synchronous=FULL; CREATE TABLE facts(id INTEGER PRIMARY KEY, payload BLOB NOT NULL)";
            create.ExecuteNonQuery();
        }
        var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO facts(payload) VALUES ($payload)";
        var payload = insert.Parameters.Add("$payload", SqliteType.Blob);
        insert.Prepare();
        return (connection, insert, payload);
    }

    public static SqliteConnection OpenSqliteReadOnly(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection;
    }
}
