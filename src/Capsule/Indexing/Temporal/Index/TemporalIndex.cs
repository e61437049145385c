using System.Buffers.Binary;
using Capsule.Format;
using Capsule.Indexing.Storage;

namespace Capsule.Indexing.Temporal.Index;

/// <summary>A temporal index payload read in place: frames by ingestion time and by event time.</summary>
internal sealed class TemporalIndex
{
    private readonly IndexPayload _payload;
    private readonly long _eventsAt;

    private TemporalIndex(IndexPayload payload, long ingested, long events)
    {
        _payload = payload;
        IngestedCount = ingested;
        EventCount = events;
        _eventsAt = TemporalIndexLayout.HeaderLength + ingested * TemporalIndexLayout.EntryLength;
    }

    public long IngestedCount { get; }
    public long EventCount { get; }

    /// <exception cref="FormatViolation">The counts do not match the payload length.</exception>
    public static TemporalIndex Open(IndexPayload payload)
    {
        if (payload.Length < TemporalIndexLayout.HeaderLength)
        {
            FormatViolation.Throw($"temporal index payload of {payload.Length} bytes is shorter than its header");
        }
        var header = payload.Span(0, TemporalIndexLayout.HeaderLength);
        var n = BinaryPrimitives.ReadUInt64LittleEndian(header);
        var e = BinaryPrimitives.ReadUInt64LittleEndian(header[8..]);
        if (n > (ulong)payload.Length || e > (ulong)payload.Length
            || TemporalIndexLayout.HeaderLength + (n + e) * TemporalIndexLayout.EntryLength != (ulong)payload.Length)
        {
            FormatViolation.Throw($"temporal index counts ({n} ingestion, {e} event entries) do not match its {payload.Length}-byte payload");
        }
        return new TemporalIndex(payload, (long)n, (long)e);
    }

    public TemporalEntry Ingested(long i) => Entry(TemporalIndexLayout.HeaderLength + i * TemporalIndexLayout.EntryLength);

    public TemporalEntry Event(long i) => Entry(_eventsAt + i * TemporalIndexLayout.EntryLength);

    /// <summary>Frame ids whose ingestion (or, with <paramref name="byEventTime"/>, event) time lies in [from, until).</summary>
    public IEnumerable<TemporalEntry> Range(long fromMicros, long untilMicros, bool byEventTime)
    {
        var count = byEventTime ? EventCount : IngestedCount;
        Func<long, TemporalEntry> at = byEventTime ? Event : Ingested;
        long lo = 0, hi = count;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (at(mid).Micros < fromMicros) lo = mid + 1; else hi = mid;
        }
        for (var i = lo; i < count; i++)
        {
            var entry = at(i);
            if (entry.Micros >= untilMicros)
            {
                yield break;
            }
            yield return entry;
        }
    }

    private TemporalEntry Entry(long offset)
    {
        var bytes = _payload.Span(offset, TemporalIndexLayout.EntryLength);
        return new TemporalEntry(BinaryPrimitives.ReadInt64LittleEndian(bytes), BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]));
    }
}
