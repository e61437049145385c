namespace Capsule.Indexing.Temporal.Index;

/// <summary>
/// The payload of a temporal index (index type 3, layout version 1; FORMAT.md §15.3): two tables of
/// (time, frame id) pairs sorted by time then id, read in place by binary search.
/// <code>
///  off   len  field
///    0     8  N: entries in the ingestion table (every frame of the run, tombstones included)
///    8     8  E: entries in the event-time table (the frames that carry an event time)
///   16   16N  ingestion table: i64 ingested at (µs since the epoch), u64 frame id
///        16E  event table:     i64 event time (µs since the epoch),  u64 frame id
/// </code>
/// </summary>
internal static class TemporalIndexLayout
{
    public const byte Version = 1;
    public const int HeaderLength = 16;
    public const int EntryLength = 16;
}
