namespace Capsule.Indexing.Lexical.Query;

internal enum QueryTokenKind : byte
{
    Word,
    Phrase,
    LeftParen,
    RightParen,
    And,
    Or,
    Not,
    Minus,
    Plus,
    Field,
    End,
}

/// <summary>One lexeme: query chars [<see cref="Start"/>, <see cref="End"/>); <see cref="Text"/> is the
/// word or the phrase between its quotes.</summary>
internal readonly record struct QueryToken(QueryTokenKind Kind, int Start, int End, string Text = "", QueryField Field = default)
{
    /// <summary>Whether this token can begin an operand of AND / OR.</summary>
    public bool StartsOperand => Kind is QueryTokenKind.Word or QueryTokenKind.Phrase or QueryTokenKind.LeftParen
        or QueryTokenKind.Field or QueryTokenKind.Not or QueryTokenKind.Minus or QueryTokenKind.Plus;

    /// <summary>Whether this token can begin an operand of NOT (no stacked negations).</summary>
    public bool StartsPrimary => Kind is QueryTokenKind.Word or QueryTokenKind.Phrase or QueryTokenKind.LeftParen
        or QueryTokenKind.Field;
}
