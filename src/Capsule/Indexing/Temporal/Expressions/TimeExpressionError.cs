using System.Text;

namespace Capsule.Indexing.Temporal.Expressions;

/// <summary>
/// Why and where a time expression could not be read. <see cref="Position"/> is the 0-based
/// index into <see cref="Input"/> of the first character the parser could not accept.
/// </summary>
public readonly record struct TimeExpressionError(string Input, int Position, string Reason)
{
    /// <summary>
    /// The full text shown to a person: the input in quotes, a caret under the failing position,
    /// and every form the parser understands, so the reader can fix the expression without docs.
    /// </summary>
    public string Message
    {
        get
        {
            var text = new StringBuilder();
            text.Append("Cannot read the time expression \"").Append(Input).Append("\" at position ")
                .Append(Position).Append(": ").Append(Reason).Append('.').AppendLine();
            // The caret line is offset by the opening quote so it sits under the failing character.
            text.Append("   \"").Append(Input).Append('"').AppendLine();
            text.Append("    ").Append(' ', Position).Append('^').AppendLine();
            text.Append("Understood forms:");
            foreach (var form in TimeExpressionForms.All)
                text.AppendLine().Append("  - ").Append(form);
            return text.ToString();
        }
    }
}
