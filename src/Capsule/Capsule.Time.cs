using Capsule.Engine.Indexes;
using Capsule.Format;
using Capsule.Indexing.Temporal.Index;

namespace Capsule;

public sealed partial class Capsule
{
    /// <summary>
    /// The frames live in this view whose ingestion (or event) time lies in [<paramref name="from"/>,
    /// <paramref name="until"/>), oldest first, at most <paramref name="limit"/>. Answered from the
    /// temporal index of each sealed run and of the tail: committed frames only.
    /// </summary>
    public IReadOnlyList<Frame> FramesBetween(DateTimeOffset from, DateTimeOffset until, TimeField field = TimeField.Ingested, int limit = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        lock (_gate)
        {
            ThrowIfDisposed();
            TrimDecryptedIndexes();
            var entries = new List<TemporalEntry>();
            foreach (var (index, offset) in TemporalIndexes())
            {
                entries.AddRange(IndexReads(offset, () => index.Range(Time.ToMicros(from), Time.ToMicros(until), field == TimeField.Event).ToList()));
            }
            entries.Sort();
            var frames = new List<Frame>();
            foreach (var entry in entries)
            {
                if (frames.Count >= limit) break;
                if (entry.FrameId < _state.NextFrameId && IsCommittedLive(entry.FrameId))
                {
                    frames.Add(ReadAny(entry.FrameId));
                }
            }
            return frames;
        }
    }

    /// <summary>The temporal index of every run and of the tail, with the record offset to name in errors (0 for the tail).</summary>
    private IEnumerable<(TemporalIndex Index, long Offset)> TemporalIndexes()
    {
        var kind = TemporalIndexKind.Instance;
        foreach (var run in _state.Runs)
        {
            var offset = run.IndexOffset(kind.Type);
            if (IndexReads(offset, () => _indexes.Run(run, kind, _settings, TemporalIndex.Open)) is { } index)
            {
                yield return (index, offset);
            }
        }
        if (_indexes.Tail(_state, kind, _settings, TemporalIndex.Open) is { } tail)
        {
            yield return (tail, 0);
        }
    }

    /// <summary>A frame that is live at this view's committed state (pending changes of a writer are not searched).</summary>
    private bool IsCommittedLive(ulong frameId) =>
        !_state.Dead(_device).IsDead(frameId) && KindOf(frameId) != FrameKind.Tombstone;

    /// <summary>Runs a read of a persisted index: a broken structure or page checksum is corruption of that index record.</summary>
    private T IndexReads<T>(long recordOffset, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (FormatViolation e)
        {
            throw new CorruptCapsuleException(e.Message, Path, recordOffset, "index");
        }
    }
}
