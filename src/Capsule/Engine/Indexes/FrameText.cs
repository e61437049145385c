using System.Text;
using Capsule.Format;

namespace Capsule.Engine.Indexes;

/// <summary>
/// What a frame gives the full-text index: its text (what <see cref="FullTextIndexKind.TextOf"/> holds, decoded
/// into a reused buffer rather than a string per frame) and its title. One per thread that reads frames.
/// </summary>
internal sealed class FrameText
{
    private char[] _text = new char[4096];

    /// <summary>False for a frame that adds no document: a tombstone, or a frame with neither text nor title.</summary>
    public bool TryRead(Frame frame, out ReadOnlySpan<char> text, out string? title)
    {
        text = default;
        title = frame.Title.Length > 0 ? frame.Title : null;
        if (frame.Kind == FrameKind.Tombstone)
        {
            return false;
        }
        var payload = FullTextIndexKind.IsText(frame.ContentType) ? frame.Payload.Span : default;
        var needed = Encoding.UTF8.GetMaxCharCount(payload.Length);
        if (needed > _text.Length)
        {
            _text = new char[Math.Max(needed, _text.Length * 2)];
        }
        text = _text.AsSpan(0, Encoding.UTF8.GetChars(payload, _text));
        return text.Length > 0 || title is not null;
    }
}
