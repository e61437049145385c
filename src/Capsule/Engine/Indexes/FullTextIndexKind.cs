using Capsule.Format;
using Capsule.Indexing;
using Capsule.Indexing.Lexical.Analysis;
using Capsule.Indexing.Lexical.Index;
using Capsule.Indexing.Lexical.Persisted;
using Capsule.Indexing.Storage;

namespace Capsule.Engine.Indexes;

/// <summary>
/// The full-text (BM25) index: every frame with words in its title or text (FORMAT.md §15.1). Text is
/// the payload of a frame whose content type is text/*, JSON or unset-with-UTF-8 text; any frame's
/// title is indexed.
/// </summary>
internal sealed class FullTextIndexKind : IRunIndexKind
{
    public static FullTextIndexKind Instance { get; } = new();

    public IndexType Type => IndexType.FullText;

    public byte Version => (byte)LexicalPayloadLayout.FormatVersion;

    /// <summary>Below this many encoded bytes per thread, starting the threads costs more than the split saves.</summary>
    private const long MinPartBytes = 256 * 1024;

    public IRunIndexBuild Begin(IndexSettings settings, IndexPurpose purpose) => new Build(Analyzer.Shared(settings.Analyzer));

    /// <summary>
    /// Builds the index on one thread per core (<see cref="BuildInParts"/>), or on this one for a small run:
    /// the payload is the one a sequential build over all the frames writes.
    /// </summary>
    public byte[]? BuildAll(DecodedFrames frames, IndexSettings settings) => BuildAll(frames, settings, null);

    /// <summary>
    /// <see cref="BuildAll(DecodedFrames, IndexSettings)"/> given the range an <see cref="EarlyFullTextBuild"/> analyzed
    /// of the first frames while they were being put (null for none): the other frames are split as usual.
    /// </summary>
    public byte[]? BuildAll(DecodedFrames frames, IndexSettings settings, EarlyPart? early)
    {
        var from = early?.Count ?? 0;
        var count = (int)Math.Clamp(frames.EncodedLength(from, frames.Count) / MinPartBytes, 1, Math.Max(1, Math.Min(Environment.ProcessorCount, frames.Count - from)));
        return BuildInParts(frames, settings, count, early);
    }

    /// <summary>
    /// <see cref="BuildAll(DecodedFrames, IndexSettings)"/> on <paramref name="count"/> threads (tests split small
    /// inputs), after the <paramref name="early"/> range when there is one. The frames are analyzed in chunks of
    /// consecutive frames that the threads take in turn until none is left (<see cref="Chunks"/>), then inverted
    /// and written with each thread taking a range of the terms over all the documents (<see cref="TermSplitInversion"/>):
    /// the payload is the one a sequential build writes, with no merge.
    /// </summary>
    internal static byte[]? BuildInParts(DecodedFrames frames, IndexSettings settings, int count, EarlyPart? early = null)
    {
        var analyzer = Analyzer.Shared(settings.Analyzer);
        var from = early?.Count ?? 0;
        var terms = early?.Documents.Terms ?? new SharedTermIds(frames.EncodedLength(from, frames.Count));
        var ends = Chunks(frames, from, count);
        var first = early is null ? 0 : 1;
        var ranges = new AnalyzedDocuments[first + ends.Length];
        if (early is { } made)
        {
            ranges[0] = made.Documents;
        }
        var next = -1;
        void Analyze(int thread)
        {
            // The first thread continues the early range's collector.
            var collector = thread == 0 && early is { } made ? made.Documents.Collector : terms.NewCollector(analyzer);
            var reader = new FrameText();
            int chunk;
            while ((chunk = Interlocked.Increment(ref next)) < ends.Length)
            {
                var start = chunk == 0 ? from : ends[chunk - 1];
                var range = new AnalyzedDocuments(collector, (int)Math.Min(int.MaxValue, frames.EncodedLength(start, ends[chunk])));
                for (var i = start; i < ends[chunk]; i++)
                {
                    if (reader.TryRead(frames[i], out var text, out var title))
                    {
                        range.Add(frames[i].Id, title, text);
                    }
                }
                ranges[first + chunk] = range;
            }
        }
        // Threads after the first on helpers, at once (a thread-pool work item could wait behind the other index
        // kinds for a free worker); the first on this thread.
        var pieces = new Action[count];
        for (var p = 0; p < count; p++)
        {
            var thread = p;
            pieces[p] = () => Analyze(thread);
        }
        SideBySide.Run(pieces);
        return TermSplitInversion.Build(ranges, count);
    }

    /// <summary>Chunks per thread: enough that a thread slowed by other work (the writer compressing segments
    /// beside the index) leaves its share to the others instead of finishing last.</summary>
    private const int ChunksPerThread = 8;

    /// <summary>Below this many encoded bytes a chunk is not split further.</summary>
    private const long MinChunkBytes = 16 * 1024;

    /// <summary>
    /// Above this many encoded bytes a chunk is split further: its stream of term ids (about one int per 7 bytes,
    /// <see cref="AnalyzedDocuments"/>) then stays below the large-object threshold (85,000 bytes). Large objects
    /// are reclaimed only by full collections, and scifact's 16 chunks of 490 KB set one off in the middle of its seal.
    /// </summary>
    private const long MaxChunkBytes = 96 * 1024;

    /// <summary>Exclusive end index of each chunk of frames <paramref name="from"/>.. , of about equal encoded size.</summary>
    private static int[] Chunks(DecodedFrames frames, int from, int threads)
    {
        var total = frames.EncodedLength(from, frames.Count);
        var wanted = Math.Max(threads * ChunksPerThread, (total + MaxChunkBytes - 1) / MaxChunkBytes);
        var count = (int)Math.Clamp(total / MinChunkBytes, 1, Math.Max(1, Math.Min(wanted, frames.Count - from)));
        var ends = new int[count];
        long seen = 0;
        var chunk = 0;
        for (var i = from; i < frames.Count && chunk < count - 1; i++)
        {
            seen += frames.EncodedLength(i);
            if (seen * count >= total * (chunk + 1)) ends[chunk++] = i + 1;
        }
        for (; chunk < count; chunk++) ends[chunk] = frames.Count;
        return ends;
    }

    public byte[]? Merge(IReadOnlyList<IndexPayload> parts, IndexSettings settings) =>
        LexicalIndexMerger.Merge(parts.Select(p => (ILexicalPart)PersistedLexicalPart.Open(p)).ToList());

    /// <summary>The text a frame contributes to the body field ("" when its payload is not text).</summary>
    public static string TextOf(Frame frame) => IsText(frame.ContentType) ? frame.Text : "";

    public static bool IsText(string contentType) =>
        contentType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);

    internal sealed class Build(Analyzer analyzer) : IRunIndexBuild
    {
        private readonly LexicalIndexBuilder _builder = new(analyzer);
        private readonly FrameText _reader = new();

        public LexicalIndexBuilder Builder => _builder;

        public void Add(Frame frame)
        {
            if (_reader.TryRead(frame, out var text, out var title))
            {
                _builder.Add(frame.Id, title, text);
            }
        }

        public byte[]? Finish() => _builder.DocumentCount == 0 ? null : LexicalIndexWriter.Write(_builder);
    }
}
