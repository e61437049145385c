using Capsule.Format;

namespace Capsule.Indexing.Temporal.Index;

/// <summary>Collects the times of a run's frames and writes the temporal index payload (layout in <see cref="TemporalIndexLayout"/>).</summary>
internal sealed class TemporalIndexWriter
{
    private readonly List<TemporalEntry> _ingested = [];
    private readonly List<TemporalEntry> _events = [];

    public void Add(ulong frameId, long ingestedMicros, long? eventMicros)
    {
        _ingested.Add(new TemporalEntry(ingestedMicros, frameId));
        if (eventMicros is { } e)
        {
            _events.Add(new TemporalEntry(e, frameId));
        }
    }

    public void AddRange(TemporalIndex part)
    {
        for (var i = 0L; i < part.IngestedCount; i++) _ingested.Add(part.Ingested(i));
        for (var i = 0L; i < part.EventCount; i++) _events.Add(part.Event(i));
    }

    public byte[] Write()
    {
        // By an explicit comparison: the default comparer's sort helper is created by reflection, which
        // no ahead-of-time image can hold, so every process compiled it at its first seal.
        _ingested.Sort(TemporalEntry.Order);
        _events.Sort(TemporalEntry.Order);
        var w = new ByteWriter(TemporalIndexLayout.HeaderLength + (_ingested.Count + _events.Count) * TemporalIndexLayout.EntryLength);
        w.U64((ulong)_ingested.Count);
        w.U64((ulong)_events.Count);
        foreach (var e in _ingested) { w.I64(e.Micros); w.U64(e.FrameId); }
        foreach (var e in _events) { w.I64(e.Micros); w.U64(e.FrameId); }
        return w.ToArray();
    }
}
