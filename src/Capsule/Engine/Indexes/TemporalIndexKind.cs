using Capsule.Format;
using Capsule.Indexing.Storage;
using Capsule.Indexing.Temporal.Index;

namespace Capsule.Engine.Indexes;

/// <summary>The temporal index: every frame's ingestion time, and event time where it has one.</summary>
internal sealed class TemporalIndexKind : IRunIndexKind
{
    public static TemporalIndexKind Instance { get; } = new();

    public IndexType Type => IndexType.Temporal;

    public byte Version => TemporalIndexLayout.Version;

    public IRunIndexBuild Begin(IndexSettings settings, IndexPurpose purpose) => new Build();

    public byte[]? Merge(IReadOnlyList<IndexPayload> parts, IndexSettings settings)
    {
        var writer = new TemporalIndexWriter();
        foreach (var part in parts)
        {
            writer.AddRange(TemporalIndex.Open(part));
        }
        return writer.Write();
    }

    private sealed class Build : IRunIndexBuild
    {
        private readonly TemporalIndexWriter _writer = new();
        private int _count;

        public void Add(Frame frame)
        {
            _writer.Add(frame.Id, Time.ToMicros(frame.IngestedAt), frame.EventTime is { } e ? Time.ToMicros(e) : null);
            _count++;
        }

        public byte[]? Finish() => _count == 0 ? null : _writer.Write();
    }
}
