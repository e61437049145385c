using Capsule.Format;
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

    public IRunIndexBuild Begin(IndexSettings settings, IndexPurpose purpose) => new Build(new Analyzer(settings.Analyzer));

    public byte[]? Merge(IReadOnlyList<IndexPayload> parts, IndexSettings settings) =>
        LexicalIndexMerger.Merge(parts.Select(p => (ILexicalPart)PersistedLexicalPart.Open(p)).ToList());

    /// <summary>The text a frame contributes to the body field ("" when its payload is not text).</summary>
    public static string TextOf(Frame frame) => IsText(frame.ContentType) ? frame.Text : "";

    public static bool IsText(string contentType) =>
        contentType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);

    private sealed class Build(Analyzer analyzer) : IRunIndexBuild
    {
        private readonly LexicalIndexBuilder _builder = new(analyzer);
        private char[] _text = new char[4096];

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
