namespace Capsule.Indexing.Temporal.Expressions;

/// <summary>One lexical piece of a time expression and the 0-based position it starts at.</summary>
internal readonly record struct TimeToken(TimeTokenKind Kind, string Text, int Position)
{
    public bool IsWord(string word) => Kind == TimeTokenKind.Word && Text == word;

    /// <summary>A four-digit number: the only shape read as a year, so "5" or "12" never is.</summary>
    public bool IsYear => Kind == TimeTokenKind.Number && Text.Length == 4;
}
