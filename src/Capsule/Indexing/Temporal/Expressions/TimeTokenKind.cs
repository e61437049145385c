namespace Capsule.Indexing.Temporal.Expressions;

/// <summary>What a <see cref="TimeToken"/> holds.</summary>
internal enum TimeTokenKind
{
    /// <summary>Letters (and trailing digits, so "q3" is one word), lower-cased.</summary>
    Word,

    /// <summary>A run of digits; an ordinal suffix ("5th") is consumed but not kept in the text.</summary>
    Number,

    /// <summary>An ISO 8601 date or date-time, read later by <see cref="IsoDateTimeReader"/>.</summary>
    Iso,

    Comma,

    /// <summary>A character no form uses; the parser reports it where it stands.</summary>
    Unknown,

    /// <summary>Past the last character; its position is the input length.</summary>
    End,
}
