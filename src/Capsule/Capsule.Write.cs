using Capsule.Engine;
using Capsule.Engine.Indexes;
using Capsule.Format;

namespace Capsule;

public sealed partial class Capsule
{
    /// <summary>
    /// Adds a frame and returns its id. When the draft has a uri that a live frame already has, the new
    /// frame supersedes that one (an upsert). Durable only after <see cref="Commit()"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The draft breaks a format limit, or names a parent frame that does not exist.</exception>
    public ulong Put(FrameDraft draft)
    {
        lock (_gate)
        {
            var pending = Writable();
            FrameEncoding.Validate(draft);
            CheckParent(draft, pending);
            CheckEmbedding(draft, pending);
            var hash = draft.Uri.Length == 0 ? 0 : UriHash.Of(draft.Uri);
            var supersedes = draft.Uri.Length == 0 ? null : FindLiveIdByUri(draft.Uri, hash);
            return Append(pending, draft, hash, supersedes);
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
            CheckEmbedding(draft, pending);
            var hash = UriHash.Of(uri);
            var current = FindLiveIdByUri(uri, hash) ?? throw new KeyNotFoundException($"no live frame has uri '{uri}'");
            return Append(pending, draft, hash, current);
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
            var uri = UriOf(frameId);
            Append(pending, new FrameDraft { Kind = FrameKind.Tombstone, Uri = uri, ContentType = "" }, uri.Length == 0 ? 0 : UriHash.Of(uri), frameId);
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
            var current = FindLiveIdByUri(uri, UriHash.Of(uri));
            return current is { } id && Delete(id);
        }
    }

    /// <summary>Discards the puts, updates and deletes made since the last commit.</summary>
    public void Rollback()
    {
        lock (_gate)
        {
            Writable();
            DropEarlyIndex(); // it may hold frames being rolled back
            _pending = new PendingWrites(_state.NextFrameId);
        }
    }

    /// <summary>
    /// Makes every put, update and delete since the last commit durable with one fsync (group commit),
    /// and returns the new point in the timeline. With nothing pending it returns the head unchanged.
    /// On failure (a full disk, say) nothing is committed, the file is cut back, and the pending
    /// changes stay pending so the commit can be retried.
    /// </summary>
    public CommitInfo Commit() => Commit(sealTail: false);

    /// <summary>
    /// Commits, and with <paramref name="sealTail"/> also seals the unsealed tail into a run now
    /// (with its persisted indexes) instead of when it reaches the thresholds: the end of a bulk
    /// import does this, so that every later open reads the indexes instead of rebuilding the tail's.
    /// Sealing with nothing pending writes a commit that adds no frames.
    /// </summary>
    public CommitInfo Commit(bool sealTail)
    {
        lock (_gate)
        {
            var pending = Writable();
            if (pending.IsEmpty && (!sealTail || _state.Tail.Commits == 0 || _state.NextFrameId == _state.Tail.FirstFrameId))
            {
                return HeadInfo();
            }
            _forceSeal = sealTail;
            CommitDurably(_state, pending, new BranchWrite(BranchOperation.Commit));
            return HeadInfo();
        }
    }

    /// <summary>
    /// What a commit record does to the branch table besides adding frames to this instance's branch
    /// (FORMAT.md §17): the operation, the commit it relates to, and for a merge the source's name.
    /// </summary>
    private readonly record struct BranchWrite(BranchOperation Operation, long Related = 0, string Subject = "", string? Branch = null);

    /// <summary>
    /// Appends a commit of <paramref name="pending"/> on top of <paramref name="parent"/> (the head of this
    /// instance's branch, or an older commit of it for a rewind or fork inside a commit), fsyncs, and makes it
    /// the head of the branch. On failure the file is cut back and nothing changes.
    /// </summary>
    private void CommitDurably(CommittedState parent, PendingWrites pending, BranchWrite write)
    {
        CommittedState next;
        List<SegmentRef>? extendTail;
        try
        {
            (next, extendTail) = AppendDurably("commit", "; pending changes are kept", () => WriteCommit(parent, pending, write));
        }
        finally
        {
            _forceSeal = false;
        }
        if (extendTail is not null)
        {
            // Only now, with the commit durable, does the committed tail change in place; a failed
            // commit above leaves it exactly as it was (the pending tables stay for the retry).
            ExtendTail(next.Tail, pending, extendTail);
        }
        var lineageChanged = !ReferenceEquals(parent, _state);
        _state = next;
        _indexes.RetainRuns(next.Runs);
        if (lineageChanged)
        {
            _indexes.ResetTails();
            DropEarlyIndex();
        }
        if (pending.NewBinding is { } binding)
        {
            _settings = _settings with { Embedding = binding };
        }
        _pending = new PendingWrites(next.NextFrameId);
        WriteSuperblock(); // made durable by the next commit's fsync or by Dispose; recovery scans past it
    }

    /// <summary>
    /// Appends records (<paramref name="append"/>) and fsyncs them: the one way anything reaches the file
    /// after the superblocks. On an I/O failure (a full disk, say) the file is cut back to where it was,
    /// the next attempt moves to a new seal epoch, and a <see cref="CapsuleException"/> names
    /// <paramref name="what"/> failed; the caller's in-memory state is still untouched then.
    /// </summary>
    private T AppendDurably<T>(string what, string consequence, Func<T> append)
    {
        var start = _state.ValidEnd;
        try
        {
            EnsureSealEpoch();
            var result = append();
            _device.Flush();
            return result;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryCutBack(start);
            _epochDurable = false;
            throw new CapsuleException($"{what} failed and was rolled back ({e.Message}){consequence}", Path, start, e);
        }
    }

    /// <summary>
    /// Appends the commit's records. Without a seal, the tail tables are not copied: the caller extends
    /// the committed tail with the returned segments once the commit is durable (copying 8,192 frames'
    /// tables on every commit cost more than the commit's own bookkeeping). A seal starts a new tail.
    /// </summary>
    private (CommittedState Next, List<SegmentRef>? ExtendTail) WriteCommit(CommittedState committed, PendingWrites pending, BranchWrite write)
    {
        if (!ReferenceEquals(pending, _pending))
        {
            DropEarlyIndex(); // a merge or copy commit adds frames the early build was never offered
        }
        var settings = SettingsAfter(pending);
        var runs = committed.Runs;
        var tail = committed.Tail;
        var seal = _forceSeal || tail.Commits + 1 >= _options.SealCommitThreshold || pending.NextFrameId - tail.FirstFrameId >= (ulong)_options.SealFrameThreshold;
        // When every frame of the run being sealed is in this commit (a bulk import), its indexes are built
        // from the frames' encoded bytes on a second thread while this one compresses and appends the
        // segments: nothing is read back or decompressed, and the two halves of the work overlap.
        var early = seal && ReferenceEquals(pending, _pending) ? TakeEarlyIndex(committed.Tail.FirstFrameId, settings) : null;
        var indexing = seal && committed.Tail.Segments.Count == 0 && committed.Tail.FirstFrameId == pending.FirstFrameId && !pending.IsEmpty
            ? _indexer.BuildInBackground(pending.Encoded.ToArray(), settings, early)
            : null;
        var segmentOffsets = new List<long>();
        var segments = new List<SegmentRef>();
        foreach (var batch in pending.IsEmpty ? [] : Batches(pending.Encoded))
        {
            var built = SegmentBuilder.Build(batch, _options.BlockSize, _options.ZstdLevel, _options.Codecs);
            var offset = RecordIO.Append(_device, RecordKind.Segment, built.Tables.Span, built.Stored.Span);
            segmentOffsets.Add(offset);
            segments.Add(new SegmentRef(batch[0].Id, batch.Count, offset));
        }
        var settingsOffset = WriteSettingsIfChanged(committed, pending, settings);
        var sequence = committed.Sequence + 1;
        if (seal)
        {
            tail = CloneTail(committed.Tail);
            ExtendTail(tail, pending, segments);
            runs = new List<RunView>(committed.Runs);
            var sealedRun = RunSealer.Seal(_device, committed, tail, sequence);
            sealedRun.Indexes = _indexer.Seal(tail.Segments, tail.FirstFrameId, tail.EndFrameId, settings, indexing, early);
            runs.Add(RecordIO.ReadRun(_device, RecordIO.Append(_device, RecordKind.Run, sealedRun.Encode())));
            int merge;
            while ((merge = RunSealer.MergeCount(runs, _options.RunMergeFactor)) > 0)
            {
                var inputs = runs.GetRange(runs.Count - merge, merge);
                var merged = RunSealer.Merge(_device, inputs);
                merged.Indexes = _indexer.Merge(inputs, settings);
                runs.RemoveRange(runs.Count - merge, merge);
                runs.Add(RecordIO.ReadRun(_device, RecordIO.Append(_device, RecordKind.Run, merged.Encode())));
            }
            tail = new TailTables(tail.EndFrameId);
        }
        var newlyDead = (ulong)pending.Tables.Dead.Count;
        var added = (ulong)pending.Count;
        var tombstones = (ulong)pending.Tombstones;
        var runOffsets = new long[runs.Count];
        for (var i = 0; i < runs.Count; i++) runOffsets[i] = runs[i].RecordOffset;
        var branch = write.Branch ?? _state.Branch;
        var table = BranchRecords.Advance(_state.Branches, branch, pending.NextFrameId);
        var (heads, branches) = BranchRecords.Encode(table, _state.Branches.Default, branch, write.Operation,
            _state.NewestOffset, committed.HeadOffset, write.Related, write.Subject);
        var commit = new CommitRecord(
            sequence, committed.HeadOffset, Time.ToMicros(_options.Clock.GetUtcNow()),
            committed.NextFrameId, pending.NextFrameId,
            committed.LiveFrames + (added - tombstones) - newlyDead, committed.DeadFrames + newlyDead, committed.TombstoneFrames + tombstones,
            segmentOffsets, runOffsets, heads, settingsOffset, branches);
        var commitOffset = RecordIO.Append(_device, RecordKind.Commit, commit.Encode());
        var next = new CommittedState
        {
            Head = commit,
            HeadOffset = commitOffset,
            Newest = commit,
            NewestOffset = commitOffset,
            Branch = branch,
            ValidEnd = _device.Length,
            Runs = runs,
            Tail = tail,
        };
        return (next, seal ? null : segments);
    }

    /// <summary>The settings in force for a commit of <paramref name="pending"/>: a pending put may bind the embedding.</summary>
    private IndexSettings SettingsAfter(PendingWrites pending) =>
        pending.NewBinding is { } binding ? _settings with { Embedding = binding } : _settings;

    /// <summary>
    /// Appends a settings record when the capsule has none yet (its first commit, or a format-1 capsule's
    /// first commit after the upgrade) or when a pending put bound the embedding; returns the offset of
    /// the record in force for this commit.
    /// </summary>
    private long WriteSettingsIfChanged(CommittedState committed, PendingWrites pending, IndexSettings settings)
    {
        var offset = committed.Head?.SettingsOffset ?? 0;
        if (offset == 0 || pending.NewBinding is not null)
        {
            offset = RecordIO.Append(_device, RecordKind.Settings, SettingsCodec.ToRecord(settings).Encode());
        }
        return offset;
    }

    /// <summary>Every embedding in a capsule has the bound dimension; the first one binds it.</summary>
    private void CheckEmbedding(FrameDraft draft, PendingWrites pending)
    {
        if (draft.Embedding is not { } embedding)
        {
            return;
        }
        var bound = pending.NewBinding ?? _settings.Embedding;
        if (bound is null)
        {
            // The creation options may name the metric and model; the first embedding fixes the dimension.
            var configured = _options.Indexing.Embedding;
            pending.NewBinding = configured is not null && configured.Dimension == embedding.Length ? configured : new EmbeddingBinding(embedding.Length);
        }
        else if (bound.Dimension != embedding.Length)
        {
            throw new EmbeddingMismatchException($"the embedding has {embedding.Length} dimensions but this capsule's embeddings have {bound.Dimension}"
                + (bound.Model.Length > 0 ? $" (model '{bound.Model}')" : ""));
        }
    }

    /// <summary>Adds a commit's segments and frames to tail tables (what replaying the commit on open does).</summary>
    private static void ExtendTail(TailTables tail, PendingWrites pending, List<SegmentRef> segments)
    {
        tail.Segments.AddRange(segments);
        foreach (var f in pending.Encoded)
        {
            tail.Apply(f.Id, f.Kind, f.Uri.Length != 0, f.UriHash, f.Supersedes ?? SegmentLayout.NoSupersedes);
        }
        tail.Commits++;
    }

    /// <summary>
    /// The pending frames cut into segments of at most <see cref="CapsuleOptions.SegmentMaxBytes"/> (a frame
    /// larger than that gets a segment of its own). Each batch is a range of the pending list, copied once at
    /// its exact size (no copy when one segment takes them all): batches grown frame by frame allocated about
    /// twice the frame table again in every bulk commit.
    /// </summary>
    private IEnumerable<IReadOnlyList<SegmentFrame>> Batches(List<SegmentFrame> frames)
    {
        int first = 0;
        long bytes = 0;
        for (int i = 0; i < frames.Count; i++)
        {
            if (i > first && bytes + frames[i].Bytes.Length > _options.SegmentMaxBytes)
            {
                yield return frames.GetRange(first, i - first);
                first = i;
                bytes = 0;
            }
            bytes += frames[i].Bytes.Length;
        }
        yield return first == 0 ? frames : frames.GetRange(first, frames.Count - first);
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

    private ulong Append(PendingWrites pending, FrameDraft draft, ulong uriHash, ulong? supersedes)
    {
        var id = pending.NextFrameId;
        var ingested = Time.ToMicros(_options.Clock.GetUtcNow());
        var writer = pending.Scratch;
        writer.Clear();
        FrameEncoding.Encode(writer, id, draft, ingested, supersedes);
        var stored = pending.Arena.Add(writer.WrittenSpan);
        pending.Encoded.Add(new SegmentFrame(id, stored, draft.Kind, draft.Uri, supersedes, uriHash));
        pending.EncodedBytes += stored.Length;
        IndexEarly(pending, stored);
        pending.Tables.Apply(id, draft.Kind, draft.Uri.Length != 0, uriHash, supersedes ?? SegmentLayout.NoSupersedes);
        if (draft.Kind == FrameKind.Tombstone)
        {
            pending.Tombstones++;
        }
        return id;
    }

    /// <summary>
    /// Hands a stored frame to the early full-text build of the next run, starting one when the committed
    /// tail is empty (so this writer's frames from <paramref name="pending"/>'s first on make up the run
    /// its seal will index), the pending frames are past <see cref="EarlyFullTextBuild.StartBytes"/>, no
    /// embedding is bound, and a second core is there to do it.
    /// </summary>
    private void IndexEarly(PendingWrites pending, ReadOnlyMemory<byte> stored)
    {
        if (!ReferenceEquals(pending, _pending))
        {
            return;
        }
        if (_earlyIndex is { } early)
        {
            early.Offer(stored);
            return;
        }
        // Not for a capsule bound to embeddings: decoding a frame copies its vector, which the seal's one
        // shared decode (DecodedFrames) does anyway for the vector index; decoding every frame twice to
        // index text a vector import usually does not have would cost more than it overlaps.
        var settings = SettingsAfter(pending);
        if (!_options.EarlyIndexing || Environment.ProcessorCount < 2 || pending.EncodedBytes < EarlyFullTextBuild.StartBytes
            || settings.Embedding is not null || _state.Tail.Segments.Count != 0 || _state.Tail.FirstFrameId != pending.FirstFrameId)
        {
            return;
        }
        early = new EarlyFullTextBuild(pending.FirstFrameId, settings.Analyzer);
        foreach (var frame in pending.Encoded) early.Offer(frame.Bytes);
        _earlyIndex = early;
    }

    /// <summary>
    /// At a sealing commit: stops the early full-text build and returns its part when it belongs to the run
    /// being sealed (it starts at the run's first frame, under the analyzer settings in force); any other
    /// early build is dropped. The build is gone either way, so a failed commit rebuilds from scratch.
    /// </summary>
    private EarlyPart? TakeEarlyIndex(ulong runFirstFrameId, IndexSettings settings)
    {
        if (_earlyIndex is not { } early)
        {
            return null;
        }
        _earlyIndex = null;
        if (early.FirstFrameId != runFirstFrameId || early.Settings != settings.Analyzer)
        {
            early.Cancel();
            return null;
        }
        return early.Finish();
    }

    /// <summary>Drops the early full-text build: its frames are no longer the start of this writer's next run.</summary>
    private void DropEarlyIndex()
    {
        _earlyIndex?.Cancel();
        _earlyIndex = null;
    }

    private static void CheckParent(FrameDraft draft, PendingWrites pending)
    {
        if (draft.ParentId is { } parent && parent >= pending.NextFrameId)
        {
            throw new ArgumentException($"parent frame {parent} does not exist (next frame id is {pending.NextFrameId})", nameof(draft));
        }
    }
}
