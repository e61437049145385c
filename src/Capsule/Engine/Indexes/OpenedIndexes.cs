using Capsule.Format;
using Capsule.Indexing.Storage;

namespace Capsule.Engine.Indexes;

/// <summary>
/// The indexes a capsule instance has opened: each run's index records mapped once and kept (runs are
/// immutable), and the tail's indexes built in memory from its frames, rebuilt only when the tail
/// changes. A reader object opened over a payload (a searcher, a graph) is cached with it.
/// </summary>
/// <remarks>Callers hold the capsule's lock.</remarks>
internal sealed class OpenedIndexes(RunIndexer indexer) : IDisposable
{
    // Made at the first index opened: a writer that never searches (an import) never loads these types,
    // generic dictionaries over value-type keys that a capsule's open would otherwise load in every process.
    private Dictionary<(long Run, IndexType Type), Entry?>? _runs;
    private Dictionary<IndexType, (TailKey Key, Entry? Entry)>? _tails;

    private Dictionary<(long Run, IndexType Type), Entry?> Runs => _runs ??= [];

    private Dictionary<IndexType, (TailKey Key, Entry? Entry)> Tails => _tails ??= [];
    private long _uses; // orders the run entries by last use, for eviction

    /// <summary>How many runs' indexes are held open (tests check that merged-away runs are closed).</summary>
    public int OpenRuns => _runs?.Keys.Select(k => k.Run).Distinct().Count() ?? 0;

    /// <summary>Indexes built from frames rather than read from records (tails, format-1 runs): tests prove a sealed capsule needs none.</summary>
    public int BuiltInMemory { get; private set; }

    /// <summary>
    /// The reader of one kind over a run, or null when no frame of the run contributes. A format-1 run,
    /// which has no index records, is indexed in memory on first use.
    /// </summary>
    public T? Run<T>(RunView run, IRunIndexKind kind, IndexSettings settings, Func<IndexPayload, T> open) where T : class
    {
        if (!Runs.TryGetValue((run.RecordOffset, kind.Type), out var entry))
        {
            var payload = indexer.OpenOrBuild(run, kind, settings);
            BuiltInMemory += run.IndexOffset(kind.Type) == 0 ? 1 : 0;
            entry = payload is null ? null : new Entry(payload, OpenOrDispose(payload, open));
            Runs[(run.RecordOffset, kind.Type)] = entry;
        }
        if (entry is not null)
        {
            entry.LastUse = ++_uses;
        }
        return (T?)entry?.Reader;
    }

    /// <summary>The reader of one kind over the view's tail (frames after its newest run, up to its last frame).</summary>
    public T? Tail<T>(CommittedState state, IRunIndexKind kind, IndexSettings settings, Func<IndexPayload, T> open) where T : class
    {
        var key = new TailKey(state.Tail, state.Tail.Segments.Count, state.NextFrameId);
        if (Tails.TryGetValue(kind.Type, out var cached) && cached.Key == key)
        {
            return (T?)cached.Entry?.Reader;
        }
        cached.Entry?.Dispose();
        Entry? entry = null;
        if (state.NextFrameId > state.Tail.FirstFrameId)
        {
            var bytes = indexer.BuildOne(state.Tail.Segments, kind, settings, IndexPurpose.Tail, state.NextFrameId - 1);
            BuiltInMemory++;
            if (bytes is not null)
            {
                var payload = IndexPayload.FromBytes(bytes);
                entry = new Entry(payload, OpenOrDispose(payload, open));
            }
        }
        Tails[kind.Type] = (key, entry);
        return (T?)entry?.Reader;
    }

    /// <summary>
    /// Closes the indexes of runs the current state no longer lists (merged into a bigger run), so a
    /// long-lived writer does not keep a mapping per run it ever saw.
    /// </summary>
    public void RetainRuns(IReadOnlyList<RunView> live)
    {
        if (_runs is null)
        {
            return;
        }
        // Plain loops: this runs at the end of every commit that seals, and each LINQ operator over these
        // key types is generic code the runtime compiles (or loads) at the first seal of a process.
        var keep = new HashSet<long>();
        foreach (var run in live)
        {
            keep.Add(run.RecordOffset);
        }
        List<(long Run, IndexType Type)>? doomed = null;
        foreach (var (key, _) in _runs)
        {
            if (!keep.Contains(key.Run))
            {
                (doomed ??= []).Add(key);
            }
        }
        foreach (var key in doomed ?? [])
        {
            _runs[key]?.Dispose();
            _runs.Remove(key);
        }
    }

    /// <summary>
    /// Closes run indexes, least recently used first, while <paramref name="overBudget"/> says the memory they
    /// hold is too much (an encrypted capsule holds its decrypted payloads in memory; a plain one maps them
    /// and never needs this). A closed index is opened again when a query needs it.
    /// </summary>
    public void EvictWhile(Func<bool> overBudget)
    {
        while (_runs is not null && overBudget())
        {
            var oldest = _runs.Where(e => e.Value is not null).MinBy(e => e.Value!.LastUse);
            if (oldest.Value is null)
            {
                return;
            }
            oldest.Value.Dispose();
            _runs.Remove(oldest.Key);
        }
    }

    /// <summary>Forgets the tail indexes (the state was replaced by a refresh).</summary>
    public void ResetTails()
    {
        if (_tails is null)
        {
            return;
        }
        foreach (var (_, entry) in _tails.Values) entry?.Dispose();
        _tails.Clear();
    }

    public void Dispose()
    {
        ResetTails();
        if (_runs is null)
        {
            return;
        }
        foreach (var entry in _runs.Values) entry?.Dispose();
        _runs.Clear();
    }

    private static object OpenOrDispose<T>(IndexPayload payload, Func<IndexPayload, T> open) where T : class
    {
        try
        {
            return open(payload);
        }
        catch
        {
            payload.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Identifies a tail's contents: the same tables object with the same number of segments and the
    /// same view end hold the same frames (a commit either extends the tables or starts new ones).
    /// </summary>
    private readonly record struct TailKey(TailTables Tables, int Segments, ulong NextFrameId);

    private sealed class Entry(IndexPayload payload, object reader) : IDisposable
    {
        public object Reader { get; } = reader;
        public long LastUse { get; set; }

        public void Dispose()
        {
            (Reader as IDisposable)?.Dispose();
            payload.Dispose();
        }
    }
}
