using Capsule.Engine;
using Capsule.Format;

namespace Capsule;

/// <summary>Inspection: counts, segments, the commit chain and the byte layout.</summary>
public sealed partial class Capsule
{
    /// <summary>
    /// Counts as this instance sees the capsule: the head commit plus, for a writer, its uncommitted
    /// changes (the same view Get and Frames give). <see cref="CapsuleStats.PendingFrames"/> says how many are uncommitted.
    /// </summary>
    /// <summary>The index settings recorded in the capsule (analyzer, ranking, embedding binding).</summary>
    public IndexSettings Settings
    {
        get
        {
            lock (_gate)
            {
                ThrowIfDisposed();
                return _settings;
            }
        }
    }

    public CapsuleStats Stats()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            var added = (ulong)(_pending?.Count ?? 0);
            var tombstones = (ulong)(_pending?.Tombstones ?? 0);
            var dead = (ulong)(_pending?.Tables.Dead.Count ?? 0);
            return new CapsuleStats
            {
                Path = Path,
                FileBytes = _device.Length,
                FormatMajor = _superblock.Major,
                FormatMinor = _superblock.Minor,
                Encrypted = _superblock.IsEncrypted,
                Commits = _state.Sequence,
                Frames = _state.NextFrameId + added,
                LiveFrames = _state.LiveFrames + (added - tombstones) - dead,
                DeadFrames = _state.DeadFrames + dead,
                TombstoneFrames = _state.TombstoneFrames + tombstones,
                PendingFrames = _pending?.Count ?? 0,
                Runs = _state.Runs.Count,
                TailCommits = _state.Tail.Commits,
                // A view that ends inside a commit lists that commit's whole segments; count only its frames.
                TailFrames = Math.Min(_state.Tail.EndFrameId, _state.NextFrameId) - _state.Tail.FirstFrameId,
                TornTailBytes = _state.TornTailBytes,
            };
        }
    }

    /// <summary>Every live data segment in frame order, with its codec and sizes.</summary>
    public IReadOnlyList<SegmentInfo> Segments()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            var refs = new List<SegmentRef>();
            foreach (var run in _state.Runs)
            {
                for (var i = 0L; i < run.SegmentCount; i++) refs.Add(run.Segment(_device, i));
            }
            refs.AddRange(_state.Tail.Segments);
            return refs.Select(r =>
            {
                var view = _reader.Segment(r.Offset);
                // The stored length: in an encrypted capsule the chunk tags make the record longer than its plaintext body.
                var stored = RecordIO.ReadCommitted(_device, r.Offset, RecordKind.Segment, checkCrc: false);
                return new SegmentInfo(r.Offset, view.FirstFrameId, view.FrameCount, view.Codec, view.BlockCount, view.RawBytes, (int)(stored.End - stored.Offset));
            }).ToList();
        }
    }

    /// <summary>The commits from the head back to the first.</summary>
    public IEnumerable<CommitInfo> Commits()
    {
        IEnumerator<(long Offset, CommitRecord Commit)> chain;
        lock (_gate)
        {
            ThrowIfDisposed();
            chain = Timeline.Chain(_device, _state).GetEnumerator();
        }
        using (chain)
        {
            while (true)
            {
                // Each step reads one commit record: under the lock, so a concurrent Dispose cannot unmap it mid-read.
                lock (_gate)
                {
                    ThrowIfDisposed();
                    if (!chain.MoveNext())
                    {
                        yield break;
                    }
                }
                yield return ToInfo(chain.Current.Commit, chain.Current.Offset);
            }
        }
    }

    /// <summary>Where the file's bytes go, by record kind (walks every record header up to the head).</summary>
    public FileLayout Layout()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            return LayoutWalker.Walk(_device, _state);
        }
    }
}
