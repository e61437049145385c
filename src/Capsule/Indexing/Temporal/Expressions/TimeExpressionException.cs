namespace Capsule.Indexing.Temporal.Expressions;

/// <summary>
/// A time expression could not be read. Derives from <see cref="FormatException"/> because it is
/// bad text, not bad bytes; the message quotes the input, marks the position and lists the forms.
/// </summary>
public sealed class TimeExpressionException : FormatException
{
    public TimeExpressionException(TimeExpressionError error)
        : base(error.Message) => Error = error;

    /// <summary>The input, position and reason, for callers that render their own message.</summary>
    public TimeExpressionError Error { get; }

    /// <summary>The text that could not be read.</summary>
    public string Input => Error.Input;

    /// <summary>0-based index into <see cref="Input"/> where reading failed.</summary>
    public int Position => Error.Position;
}
