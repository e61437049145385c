using Capsule.Format;
using Capsule.Indexing;
using Capsule.Indexing.Storage;
using Capsule.Storage;

namespace Capsule.Engine.Indexes;

/// <summary>
/// Writes the index records of a run: built from the frames when the tail is sealed, merged from the
/// inputs' indexes when runs merge. Records are appended before the run record that lists them, in
/// the same commit, so a crash loses them together with the run.
/// </summary>
internal sealed class RunIndexer(IStorageDevice device, FrameReader reader, IReadOnlyList<IRunIndexKind> kinds)
{
    public IReadOnlyList<IRunIndexKind> Kinds => kinds;

    /// <summary>
    /// Appends the index records of a run: the payloads <paramref name="built"/> produced when given (see
    /// <see cref="BuildInBackground"/>), else every kind built over the frames of <paramref name="segments"/>.
    /// </summary>
    public List<(IndexType Type, long Offset)> Seal(IReadOnlyList<SegmentRef> segments, ulong firstFrameId, ulong endFrameId, IndexSettings settings, Task<byte[]?[]>? built = null,
        EarlyPart? early = null)
    {
        // GetResult rethrows the build's own exception, not an AggregateException.
        var payloads = (built ?? BuildAll(EncodedFrames(segments), settings, early)).GetAwaiter().GetResult();
        var written = new List<(IndexType, long)>();
        for (var i = 0; i < kinds.Count; i++)
        {
            if (payloads[i] is { } payload)
            {
                written.Add((kinds[i].Type, Append(kinds[i], firstFrameId, endFrameId, payload)));
            }
        }
        return written;
    }

    /// <summary>Merges the indexes of consecutive runs into records for the merged run.</summary>
    public List<(IndexType Type, long Offset)> Merge(IReadOnlyList<RunView> runs, IndexSettings settings)
    {
        var written = new List<(IndexType, long)>();
        foreach (var kind in kinds)
        {
            var parts = new List<IndexPayload>();
            var offsets = new List<long>();
            try
            {
                foreach (var run in runs)
                {
                    if (OpenOrBuild(run, kind, settings) is { } part)
                    {
                        parts.Add(part);
                        offsets.Add(run.IndexOffset(kind.Type));
                        // A merge reads every page anyway: check them all first, so damage is reported
                        // against its own record rather than surfacing from inside the merge.
                        if (part.FirstBadPage() is var bad and >= 0)
                        {
                            throw new CorruptCapsuleException($"{kind.Type} index page {bad} fails its checksum", device.Name, offsets[^1], "index");
                        }
                    }
                }
                if (parts.Count > 0 && MergeChecked(kind, parts, offsets, settings) is { } merged)
                {
                    written.Add((kind.Type, Append(kind, runs[0].FirstFrameId, runs[^1].EndFrameId, merged)));
                }
            }
            finally
            {
                foreach (var part in parts) part.Dispose();
            }
        }
        return written;
    }

    /// <summary>Merges; a structural error is reported against the input whose payload alone fails to merge.</summary>
    private byte[]? MergeChecked(IRunIndexKind kind, List<IndexPayload> parts, List<long> offsets, IndexSettings settings)
    {
        try
        {
            return kind.Merge(parts, settings);
        }
        catch (FormatViolation e)
        {
            for (var i = 0; i < parts.Count; i++)
            {
                try
                {
                    kind.Merge([parts[i]], settings);
                }
                catch (FormatViolation own)
                {
                    throw new CorruptCapsuleException(own.Message, device.Name, offsets[i], "index");
                }
            }
            throw new CorruptCapsuleException(e.Message, device.Name, offsets[0], "index");
        }
    }

    /// <summary>
    /// A run's payload of one kind: its index record mapped in place, or, for a run written before the
    /// kind existed (format 1), built from its frames in memory. Null when no frame contributes.
    /// </summary>
    public IndexPayload? OpenOrBuild(RunView run, IRunIndexKind kind, IndexSettings settings)
    {
        var offset = run.IndexOffset(kind.Type);
        if (offset != 0)
        {
            return Open(offset, kind, run.FirstFrameId, run.EndFrameId);
        }
        var segments = new List<SegmentRef>();
        for (var i = 0L; i < run.SegmentCount; i++) segments.Add(run.Segment(device, i));
        var built = BuildOne(segments, kind, settings, IndexPurpose.Run);
        return built is null ? null : IndexPayload.FromBytes(built);
    }

    /// <summary>Maps an index record's payload, checking that it is the kind and range the run says.</summary>
    public IndexPayload Open(long offset, IRunIndexKind kind, ulong firstFrameId, ulong endFrameId)
    {
        var location = RecordIO.ReadCommitted(device, offset, RecordKind.Index, checkCrc: false);
        var record = RecordIO.Checked(device, offset, RecordKind.Index, () => IndexRecord.Parse(device, offset, location.BodyLength));
        if (record.Type != kind.Type || record.FirstFrameId != firstFrameId || record.EndFrameId != endFrameId)
        {
            throw new CorruptCapsuleException($"index record holds a {record.Type} index over frames {record.FirstFrameId}..{record.EndFrameId}, but its run expects {kind.Type} over {firstFrameId}..{endFrameId}",
                device.Name, offset, "index");
        }
        if (record.Version != kind.Version)
        {
            throw new UnsupportedFormatException($"{kind.Type} index layout {record.Version} is not supported (this reader knows {kind.Version}); upgrade Capsule", device.Name, offset);
        }
        return record.OpenPayload(device);
    }

    /// <summary>Builds one kind over frames in memory (the tail, an as-of view, a format-1 run).</summary>
    public byte[]? BuildOne(IReadOnlyList<SegmentRef> segments, IRunIndexKind kind, IndexSettings settings, IndexPurpose purpose, ulong lastFrameId = ulong.MaxValue)
    {
        var build = kind.Begin(settings, purpose);
        foreach (var frame in Frames(segments, lastFrameId)) build.Add(frame);
        return build.Finish();
    }

    /// <summary>
    /// Starts building every kind over frames that are not written yet: their encoded bytes (what the
    /// segments will hold), in ascending id order. The build reads only <paramref name="frames"/>, so the
    /// caller may append to the file meanwhile; it passes the task to <see cref="Seal"/>. A build that is
    /// never awaited (the commit failed before its seal) just ends. <c>early</c> is the full-text part an
    /// <see cref="EarlyFullTextBuild"/> made of the first frames while they were put, if any.
    /// </summary>
    public Task<byte[]?[]> BuildInBackground(SegmentFrame[] frames, IndexSettings settings, EarlyPart? early = null) =>
        BuildAll(Array.ConvertAll(frames, f => f.Bytes), settings, early);

    /// <summary>
    /// Every kind over the encoded <paramref name="frames"/>, each kind on a helper thread of its own (and the
    /// full-text kind split further, <see cref="IRunIndexKind.BuildAll"/>): a run's indexes take the time of
    /// the slowest kind, not of all of them. Each frame is decoded once, by the first kind to read it
    /// (<see cref="DecodedFrames"/>).
    /// </summary>
    private Task<byte[]?[]> BuildAll(ReadOnlyMemory<byte>[] frames, IndexSettings settings, EarlyPart? early = null)
    {
        var decoded = new DecodedFrames(frames);
        if (early?.Count > frames.Length)
        {
            early = null; // cannot happen for a part of this run's frames; build them all rather than trust it
        }
        var builds = new Task<byte[]?>[kinds.Count];
        for (var k = 0; k < builds.Length; k++)
        {
            var kind = kinds[k];
            builds[k] = HelperThreads.Start(() =>
                early is not null && kind is FullTextIndexKind fullText ? fullText.BuildAll(decoded, settings, early) : kind.BuildAll(decoded, settings));
        }
        return Task.WhenAll(builds);
    }

    /// <summary>The encoded frames of <paramref name="segments"/>, each checked against its directory entry.</summary>
    private ReadOnlyMemory<byte>[] EncodedFrames(IReadOnlyList<SegmentRef> segments)
    {
        var frames = new List<ReadOnlyMemory<byte>>();
        foreach (var segment in segments)
        {
            var view = reader.Segment(segment.Offset);
            for (var i = 0; i < view.FrameCount; i++) frames.Add(reader.ReadEncoded(view, i));
        }
        return [.. frames];
    }

    private IEnumerable<Frame> Frames(IReadOnlyList<SegmentRef> segments, ulong lastFrameId)
    {
        foreach (var segment in segments)
        {
            var view = reader.Segment(segment.Offset);
            for (var i = 0; i < view.FrameCount && view.FirstFrameId + (ulong)i <= lastFrameId; i++)
            {
                yield return reader.Read(view, i);
            }
        }
    }

    private long Append(IRunIndexKind kind, ulong firstFrameId, ulong endFrameId, byte[] payload)
    {
        var offset = device.Length;
        var head = IndexRecord.EncodeHead(offset, kind.Type, kind.Version, firstFrameId, endFrameId, payload);
        var written = RecordIO.Append(device, RecordKind.Index, head, payload);
        System.Diagnostics.Debug.Assert(written == offset);
        return offset;
    }
}
