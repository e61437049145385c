using Capsule.Engine;
using Capsule.Format;

namespace Capsule;

public sealed partial class Capsule
{
    /// <summary>
    /// Adds a frame and returns its id. When the draft has a uri that a live frame already has, the new
    /// frame supersedes that one (an upsert). Durable only after <see cref="Commit"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The draft breaks a format limit, or names a parent frame that does not exist.</exception>
    public ulong Put(FrameDraft draft)
    {
        lock (_gate)
        {
            var pending = Writable();
            FrameEncoding.Validate(draft);
            CheckParent(draft, pending);
            var supersedes = draft.Uri.Length == 0 ? null : FindLiveByUri(draft.Uri)?.Id;
            return Append(pending, draft, supersedes);
        }
    }

    /// <summary>Adds a text frame (UTF-8 payload) and returns its id.</summary>
    public ulong Put(string text, string uri = "", string title = "", FrameKind kind = FrameKind.Document) =>
        Put(new FrameDraft(text) { Uri = uri, Title = title, Kind = kind });

    /// <summary>Writes a new frame for <paramref name="uri"/> that supersedes its current live frame.</summary>
    /// <exception cref="KeyNotFoundException">No live frame has this uri.</exception>
    public ulong Update(string uri, FrameDraft draft)
    {
        ArgumentException.ThrowIfNullOrEmpty(uri);
        lock (_gate)
        {
            var pending = Writable();
            if (draft.Uri.Length != 0 && draft.Uri != uri)
            {
                throw new ArgumentException($"the draft's uri '{draft.Uri}' differs from the uri being updated '{uri}'", nameof(draft));
            }
            draft = draft with { Uri = uri };
            FrameEncoding.Validate(draft);
            CheckParent(draft, pending);
            var current = FindLiveByUri(uri) ?? throw new KeyNotFoundException($"no live frame has uri '{uri}'");
            return Append(pending, draft, current.Id);
        }
    }

    /// <summary>Deletes a live frame by writing a tombstone. Returns false when the frame is not live.</summary>
    public bool Delete(ulong frameId)
    {
        lock (_gate)
        {
            var pending = Writable();
            if (!IsLive(frameId))
            {
                return false;
            }
            var target = ReadAny(frameId);
            Append(pending, new FrameDraft { Kind = FrameKind.Tombstone, Uri = target.Uri, ContentType = "" }, frameId);
            return true;
        }
    }

    /// <summary>Deletes the live frame with this uri. Returns false when there is none.</summary>
    public bool Delete(string uri)
    {
        ArgumentException.ThrowIfNullOrEmpty(uri);
        lock (_gate)
        {
            Writable();
            var current = FindLiveByUri(uri);
            return current is not null && Delete(current.Id);
        }
    }

    /// <summary>Discards the puts, updates and deletes made since the last commit.</summary>
    public void Rollback()
    {
        lock (_gate)
        {
            Writable();
            _pending = new PendingWrites(_state.NextFrameId);
        }
    }

    /// <summary>
    /// Makes every put, update and delete since the last commit durable with one fsync (group commit),
    /// and returns the new point in the timeline. With nothing pending it returns the head unchanged.
    /// On failure (a full disk, say) nothing is committed, the file is cut back, and the pending
    /// changes stay pending so the commit can be retried.
    /// </summary>
    public CommitInfo Commit()
    {
        lock (_gate)
        {
            var pending = Writable();
            if (pending.IsEmpty)
            {
                return HeadInfo();
            }
            var start = _state.ValidEnd;
            CommittedState next;
            try
            {
                next = WriteCommit(pending);
                _device.Flush();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                TryCutBack(start);
                throw new CapsuleException($"commit failed and was rolled back ({e.Message}); pending changes are kept", Path, start, e);
            }
            _state = next;
            _pending = new PendingWrites(next.NextFrameId);
            WriteSuperblock(); // made durable by the next commit's fsync or by Dispose; recovery scans past it
            return HeadInfo();
        }
    }

    private CommittedState WriteCommit(PendingWrites pending)
    {
        var committed = _state;
        var tail = CloneTail(committed.Tail);
        var segmentOffsets = new List<long>();
        foreach (var batch in Batches(pending.Encoded))
        {
            var built = SegmentBuilder.Build(batch, _options.BlockSize, _options.ZstdLevel, _options.Codecs);
            var offset = RecordIO.Append(_device, RecordKind.Segment, built.Body);
            segmentOffsets.Add(offset);
            tail.Segments.Add(new SegmentRef(batch[0].Id, batch.Count, offset));
        }
        foreach (var f in pending.Encoded)
        {
            tail.Apply(f.Id, f.Kind, f.Uri.Length != 0, f.Uri.Length == 0 ? 0 : UriHash.Of(f.Uri), f.Supersedes ?? SegmentLayout.NoSupersedes);
        }
        tail.Commits++;
        var sequence = committed.Sequence + 1;
        var runs = new List<RunView>(committed.Runs);
        if (tail.Commits >= _options.SealCommitThreshold || tail.EndFrameId - tail.FirstFrameId >= (ulong)_options.SealFrameThreshold)
        {
            var sealedRun = RunSealer.Seal(_device, committed, tail, sequence);
            runs.Add(RecordIO.ReadRun(_device, RecordIO.Append(_device, RecordKind.Run, sealedRun.Encode())));
            int merge;
            while ((merge = RunSealer.MergeCount(runs, _options.RunMergeFactor)) > 0)
            {
                var merged = RunSealer.Merge(_device, runs.GetRange(runs.Count - merge, merge));
                runs.RemoveRange(runs.Count - merge, merge);
                runs.Add(RecordIO.ReadRun(_device, RecordIO.Append(_device, RecordKind.Run, merged.Encode())));
            }
            tail = new TailTables(tail.EndFrameId);
        }
        var newlyDead = (ulong)pending.Tables.Dead.Count;
        var added = (ulong)pending.Frames.Count;
        var tombstones = (ulong)pending.Tombstones;
        var commit = new CommitRecord(
            sequence, committed.HeadOffset, Time.ToMicros(_options.Clock.GetUtcNow()),
            committed.NextFrameId, pending.NextFrameId,
            committed.LiveFrames + (added - tombstones) - newlyDead, committed.DeadFrames + newlyDead, committed.TombstoneFrames + tombstones,
            segmentOffsets, runs.Select(r => r.RecordOffset).ToArray(), [new(CommitRecord.MainHead, pending.NextFrameId)]);
        var commitOffset = RecordIO.Append(_device, RecordKind.Commit, commit.Encode());
        return new CommittedState
        {
            Head = commit,
            HeadOffset = commitOffset,
            ValidEnd = _device.Length,
            Runs = runs,
            Tail = tail,
        };
    }

    private IEnumerable<List<SegmentFrame>> Batches(List<SegmentFrame> frames)
    {
        var batch = new List<SegmentFrame>();
        long bytes = 0;
        foreach (var f in frames)
        {
            if (batch.Count > 0 && bytes + f.Bytes.Length > _options.SegmentMaxBytes)
            {
                yield return batch;
                batch = [];
                bytes = 0;
            }
            batch.Add(f);
            bytes += f.Bytes.Length;
        }
        yield return batch;
    }

    private static TailTables CloneTail(TailTables tail)
    {
        var copy = new TailTables(tail.FirstFrameId) { Commits = tail.Commits };
        copy.Segments.AddRange(tail.Segments);
        foreach (var (hash, ids) in tail.Uris)
        {
            copy.Uris[hash] = [.. ids];
        }
        copy.Dead.UnionWith(tail.Dead);
        return copy;
    }

    private void TryCutBack(long length)
    {
        try
        {
            _device.Truncate(length);
        }
        catch (IOException)
        {
            // The bytes past the last commit belong to no commit; the next open cuts them.
        }
    }

    private ulong Append(PendingWrites pending, FrameDraft draft, ulong? supersedes)
    {
        var id = pending.NextFrameId;
        var ingested = Time.ToMicros(_options.Clock.GetUtcNow());
        var writer = new ByteWriter(64 + draft.Payload.Length);
        FrameEncoding.Encode(writer, id, draft, ingested, supersedes);
        var bytes = writer.ToArray();
        pending.Encoded.Add(new SegmentFrame(id, bytes, draft.Kind, draft.Uri, supersedes));
        pending.Frames.Add(FrameEncoding.Decode(bytes));
        pending.Tables.Apply(id, draft.Kind, draft.Uri.Length != 0, draft.Uri.Length == 0 ? 0 : UriHash.Of(draft.Uri), supersedes ?? SegmentLayout.NoSupersedes);
        if (draft.Kind == FrameKind.Tombstone)
        {
            pending.Tombstones++;
        }
        return id;
    }

    private static void CheckParent(FrameDraft draft, PendingWrites pending)
    {
        if (draft.ParentId is { } parent && parent >= pending.NextFrameId)
        {
            throw new ArgumentException($"parent frame {parent} does not exist (next frame id is {pending.NextFrameId})", nameof(draft));
        }
    }
}
