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

    /// <summary>Below this many encoded bytes per part, a thread and the merge cost more than the split saves.</summary>
    private const long MinPartBytes = 256 * 1024;

    public IRunIndexBuild Begin(IndexSettings settings, IndexPurpose purpose) => new Build(Analyzer.Shared(settings.Analyzer));

    /// <summary>
    /// Splits the frames into contiguous parts of about equal size, one per core, builds each part's index
    /// on its own thread and merges them: the merge is defined to give the bytes one build over all the
    /// frames gives (<see cref="LexicalIndexMerger"/>), and it starts every term from the first part's
    /// encoded postings, so only the later parts' postings are re-blocked.
    /// </summary>
    public byte[]? BuildAll(DecodedFrames frames, IndexSettings settings) => BuildAll(frames, settings, null);

    /// <summary>
    /// <see cref="BuildAll(DecodedFrames, IndexSettings)"/> given the part an <see cref="EarlyFullTextBuild"/> made
    /// of the first frames while they were being put (null for none): the other frames are split as usual.
    /// </summary>
    public byte[]? BuildAll(DecodedFrames frames, IndexSettings settings, EarlyPart? early)
    {
        var from = early?.Count ?? 0;
        var count = (int)Math.Clamp(frames.EncodedLengthFrom(from) / MinPartBytes, 1, Math.Max(1, Math.Min(Environment.ProcessorCount, frames.Count - from)));
        return BuildInParts(frames, settings, count, early);
    }

    /// <summary>
    /// <see cref="BuildAll(DecodedFrames, IndexSettings)"/> with the number of parts given (tests split small
    /// inputs), after the <paramref name="early"/> part when there is one.
    /// </summary>
    internal static byte[]? BuildInParts(DecodedFrames frames, IndexSettings settings, int count, EarlyPart? early = null)
    {
        var analyzer = Analyzer.Shared(settings.Analyzer);
        var builds = new Build[count];
        var from = early?.Count ?? 0;
        var ends = PartEnds(frames, from, count);
        void BuildPart(int p)
        {
            if (p == 0 && early is { } made)
            {
                made.Part.SortTerms(); // the early part's sort, on this thread beside the other parts
            }
            var build = new Build(analyzer);
            for (var i = p == 0 ? from : ends[p - 1]; i < ends[p]; i++) build.Add(frames[i]);
            build.Builder.SortTerms(); // here, in parallel, rather than in the merge
            builds[p] = build;
        }
        // Parts after the first on threads of their own, started at once (a thread-pool work item can wait
        // behind the other index kinds for a free worker); the first on this thread.
        var pieces = new Action[count];
        for (var p = 0; p < count; p++)
        {
            var part = p;
            pieces[p] = () => BuildPart(part);
        }
        SideBySide.Run(pieces, ownThreads: true);
        // The early part first, then the parts in order, without the empty ones (plain loops: LINQ's iterators
        // here were generic code the runtime loaded at every process's first seal).
        var parts = new List<ILexicalPart>(count + 1);
        if (early?.Part is { DocumentCount: > 0 } earlyPart)
        {
            parts.Add(earlyPart);
        }
        foreach (var build in builds)
        {
            if (build.Builder.DocumentCount > 0)
            {
                parts.Add(build.Builder);
            }
        }
        return parts.Count == 0 ? null : LexicalIndexMerger.Merge(parts);
    }

    /// <summary>Exclusive end index of each of <paramref name="count"/> parts of about equal size over frames <paramref name="from"/>.. .</summary>
    private static int[] PartEnds(DecodedFrames frames, int from, int count)
    {
        var ends = new int[count];
        var total = frames.EncodedLengthFrom(from);
        long seen = 0;
        var part = 0;
        for (var i = from; i < frames.Count && part < count - 1; i++)
        {
            seen += frames.EncodedLength(i);
            if (seen * count >= total * (part + 1)) ends[part++] = i + 1;
        }
        for (; part < count; part++) ends[part] = frames.Count;
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
        private char[] _text = new char[4096];

        public LexicalIndexBuilder Builder => _builder;

        public void Add(Frame frame)
        {
            if (frame.Kind == FrameKind.Tombstone)
            {
                return;
            }
            // What TextOf(frame) holds, decoded into a reused buffer rather than a string per frame.
            var payload = IsText(frame.ContentType) ? frame.Payload.Span : default;
            var needed = System.Text.Encoding.UTF8.GetMaxCharCount(payload.Length);
            if (needed > _text.Length)
            {
                _text = new char[Math.Max(needed, _text.Length * 2)];
            }
            var text = _text.AsSpan(0, System.Text.Encoding.UTF8.GetChars(payload, _text));
            if (text.Length > 0 || frame.Title.Length > 0)
            {
                _builder.Add(frame.Id, frame.Title.Length > 0 ? frame.Title : null, text);
            }
        }

        public byte[]? Finish() => _builder.DocumentCount == 0 ? null : LexicalIndexWriter.Write(_builder);
    }
}
