using Capsule.Engine;
using Capsule.Format;

namespace Capsule;

public sealed partial class Capsule
{
    /// <summary>The newest commit this instance sees (sequence 0 before the first commit).</summary>
    public CommitInfo Head
    {
        get
        {
            lock (_gate)
            {
                ThrowIfDisposed();
                return HeadInfo();
            }
        }
    }

    /// <summary>Frame ids handed out so far, including uncommitted ones of this writer.</summary>
    public ulong NextFrameId
    {
        get
        {
            lock (_gate)
            {
                ThrowIfDisposed();
                return _pending?.NextFrameId ?? _state.NextFrameId;
            }
        }
    }

    /// <summary>Returns a live frame.</summary>
    /// <exception cref="KeyNotFoundException">The frame does not exist, was deleted, or was superseded.</exception>
    public Frame Get(ulong frameId)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            if (frameId >= (_pending?.NextFrameId ?? _state.NextFrameId))
            {
                throw new KeyNotFoundException($"frame {frameId} does not exist (next frame id is {_pending?.NextFrameId ?? _state.NextFrameId})");
            }
            var frame = ReadAny(frameId);
            if (frame.Kind == FrameKind.Tombstone)
            {
                throw new KeyNotFoundException($"frame {frameId} is a tombstone (it deleted frame {frame.SupersedesId})");
            }
            if (IsDead(frameId))
            {
                throw new KeyNotFoundException($"frame {frameId} was deleted or superseded; read it with TryGetHistorical");
            }
            return frame;
        }
    }

    /// <summary>Returns a live frame, or false when it does not exist or is no longer live.</summary>
    public bool TryGet(ulong frameId, out Frame frame)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            if (IsLive(frameId))
            {
                frame = ReadAny(frameId);
                return true;
            }
            frame = null!;
            return false;
        }
    }

    /// <summary>Returns any frame ever written, live or not (superseded versions, deleted frames, tombstones).</summary>
    public bool TryGetHistorical(ulong frameId, out Frame frame)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            if (frameId < (_pending?.NextFrameId ?? _state.NextFrameId))
            {
                frame = ReadAny(frameId);
                return true;
            }
            frame = null!;
            return false;
        }
    }

    /// <summary>Returns the live frame with this uri.</summary>
    public bool TryGetByUri(string uri, out Frame frame)
    {
        ArgumentNullException.ThrowIfNull(uri);
        lock (_gate)
        {
            ThrowIfDisposed();
            if (uri.Length != 0 && FindLiveIdByUri(uri, UriHash.Of(uri), out var found) is { } id)
            {
                frame = found ?? ReadAny(id);
                return true;
            }
            frame = null!;
            return false;
        }
    }

    /// <summary>True when the frame exists, is not a tombstone, and was neither deleted nor superseded.</summary>
    public bool IsLive(ulong frameId)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            if (frameId >= (_pending?.NextFrameId ?? _state.NextFrameId) || IsDead(frameId))
            {
                return false;
            }
            return KindOf(frameId) != FrameKind.Tombstone;
        }
    }

    /// <summary>
    /// The frames in id order: live ones only, or every frame ever written when
    /// <paramref name="includeHistory"/> is set. A writer also sees its uncommitted frames.
    /// </summary>
    public IEnumerable<Frame> Frames(bool includeHistory = false)
    {
        ulong end;
        lock (_gate)
        {
            ThrowIfDisposed();
            end = _pending?.NextFrameId ?? _state.NextFrameId;
        }
        for (ulong id = 0; id < end; id++)
        {
            Frame? frame = null;
            lock (_gate)
            {
                ThrowIfDisposed();
                if (includeHistory || IsLive(id))
                {
                    frame = ReadAny(id);
                }
            }
            if (frame is not null)
            {
                yield return frame;
            }
        }
    }

    private CommitInfo HeadInfo() => _state.Head is { } head ? ToInfo(head, _state.HeadOffset) : new CommitInfo(0, 0, Time.FromMicros(_superblock.CreatedAtMicros), 0, 0);

    private static CommitInfo ToInfo(CommitRecord c, long offset) =>
        new(c.Sequence, offset, Time.FromMicros(c.CommittedAtMicros), c.FirstFrameId, c.NextFrameId);

    private Frame ReadAny(ulong frameId)
    {
        if (_pending is not null && _pending.TryFind(frameId, out var pendingFrame))
        {
            return FrameEncoding.Decode(pendingFrame.Bytes.Span); // this writer's own bytes, decoded on demand
        }
        var (segment, index) = LocateCommitted(frameId);
        return _reader.Read(segment, index);
    }

    private FrameKind KindOf(ulong frameId)
    {
        if (_pending is not null && _pending.TryFind(frameId, out var pendingFrame))
        {
            return pendingFrame.Kind;
        }
        var (segment, index) = LocateCommitted(frameId);
        return _reader.Entry(segment, index).Kind;
    }

    private (SegmentView Segment, int Index) LocateCommitted(ulong frameId) => LocateCommitted(_state, frameId);

    /// <summary>Where a committed frame of <paramref name="state"/> (this instance's, or another branch's) is stored.</summary>
    private (SegmentView Segment, int Index) LocateCommitted(CommittedState state, ulong frameId)
    {
        var location = FrameReader.Locate(_device, state, frameId)
            ?? throw new CorruptCapsuleException($"no segment holds frame {frameId} although the head commit counts it", Path, state.HeadOffset, "commit");
        var segment = _reader.Segment(location.Offset);
        if (segment.FirstFrameId != location.FirstFrameId || segment.FrameCount != location.FrameCount)
        {
            throw new CorruptCapsuleException($"segment holds frames {segment.FirstFrameId}..{segment.EndFrameId}, not the {location.FirstFrameId}..{location.EndFrameId} its table says",
                Path, location.Offset, "segment");
        }
        return (segment, (int)(frameId - segment.FirstFrameId));
    }

    private bool IsDead(ulong frameId) =>
        (_pending?.Tables.Dead.Contains(frameId) ?? false)
        || _state.Tail.Dead.Contains(frameId)
        || RunSealer.DeadInRuns(_device, _state.Runs, frameId);

    /// <summary>The uri a frame has (empty when none); pending frames answer without decoding.</summary>
    private string UriOf(ulong frameId) =>
        _pending is not null && _pending.TryFind(frameId, out var pendingFrame) ? pendingFrame.Uri : ReadAny(frameId).Uri;

    /// <summary>
    /// The live frame with this uri, checked against the frame's stored uri (hashes may collide).
    /// Pending frames compare the uri they were put with; committed ones are read (and checked) in full.
    /// </summary>
    private ulong? FindLiveIdByUri(string uri, ulong hash) => FindLiveIdByUri(uri, hash, out _);

    /// <summary>As above; <paramref name="frame"/> is the committed frame it read to check the uri (null for a pending one).</summary>
    private ulong? FindLiveIdByUri(string uri, ulong hash, out Frame? frame)
    {
        frame = null;
        if (_pending is not null && _pending.Tables.Uris.TryGetValue(hash, out var pendingIds))
        {
            for (var i = pendingIds.Count - 1; i >= 0; i--)
            {
                var id = pendingIds[i];
                if (!IsDead(id) && _pending.TryFind(id, out var f) && f.Kind != FrameKind.Tombstone && f.Uri == uri)
                {
                    return id;
                }
            }
        }
        if (_state.Tail.Uris.TryGetValue(hash, out var tailIds))
        {
            for (var i = tailIds.Count - 1; i >= 0; i--)
            {
                if (IsLiveCommittedWithUri(tailIds[i], uri, out frame)) return tailIds[i];
            }
        }
        for (var r = _state.Runs.Count - 1; r >= 0; r--)
        {
            var run = _state.Runs[r];
            for (var i = run.FirstUriIndex(_device, hash); i < run.UriCount; i++)
            {
                var (h, id) = run.Uri(_device, i);
                if (h != hash) break;
                if (IsLiveCommittedWithUri(id, uri, out frame)) return id;
            }
        }
        return null;
    }

    private bool IsLiveCommittedWithUri(ulong id, string uri, out Frame? frame)
    {
        frame = null;
        if (IsDead(id))
        {
            return false;
        }
        var read = ReadAny(id);
        if (read.Uri == uri && read.Kind != FrameKind.Tombstone)
        {
            frame = read;
            return true;
        }
        return false;
    }
}
