namespace Capsule.Indexing.Temporal.Expressions;

/// <summary>
/// Splits a time expression into words, numbers, ISO literals and commas. Whitespace of any
/// amount separates tokens and is otherwise ignored, so "  last   tuesday " reads like "last tuesday".
/// </summary>
internal static class TimeExpressionLexer
{
    public static List<TimeToken> Tokenize(string text)
    {
        var tokens = new List<TimeToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            if (c == ',')
            {
                tokens.Add(new TimeToken(TimeTokenKind.Comma, ",", start));
                i++;
            }
            else if (char.IsAsciiLetter(c))
            {
                while (i < text.Length && char.IsAsciiLetterOrDigit(text[i]))
                    i++;
                tokens.Add(new TimeToken(TimeTokenKind.Word, text[start..i].ToLowerInvariant(), start));
            }
            else if (char.IsAsciiDigit(c))
            {
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                    i++;
                if (i - start == 4 && i < text.Length && text[i] == '-')
                {
                    i = ScanIso(text, i);
                    tokens.Add(new TimeToken(TimeTokenKind.Iso, text[start..i], start));
                }
                else
                {
                    var digits = text[start..i];
                    i = SkipOrdinalSuffix(text, i);
                    tokens.Add(new TimeToken(TimeTokenKind.Number, digits, start));
                }
            }
            else
            {
                tokens.Add(new TimeToken(TimeTokenKind.Unknown, c.ToString(), start));
                i++;
            }
        }

        tokens.Add(new TimeToken(TimeTokenKind.End, "", text.Length));
        return tokens;
    }

    // Takes every character an ISO date-time can hold; IsoDateTimeReader then checks the shape and
    // reports the exact failing character, which a regex match/no-match could not.
    private static int ScanIso(string text, int i)
    {
        var dateStart = i - 4;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c) || c is '-' or ':' or '+' or '.' or 'T' or 't' or 'Z' or 'z')
            {
                i++;
            }
            // "2024-03-05 14:30" is common in logs: a space joins a time only right after a full
            // date and only before two digits and a colon, so "2024-03-05 and ..." still splits.
            else if (c == ' ' && i - dateStart == 10 && i + 3 < text.Length
                     && char.IsAsciiDigit(text[i + 1]) && char.IsAsciiDigit(text[i + 2]) && text[i + 3] == ':')
            {
                i++;
            }
            else
            {
                break;
            }
        }

        return i;
    }

    // "5th", "1st", "22nd", "3rd": the suffix adds nothing, so it is dropped when it ends a word.
    private static int SkipOrdinalSuffix(string text, int i)
    {
        if (i + 2 > text.Length)
            return i;
        var suffix = text.Substring(i, 2).ToLowerInvariant();
        var endsWord = i + 2 == text.Length || !char.IsAsciiLetterOrDigit(text[i + 2]);
        return suffix is "st" or "nd" or "rd" or "th" && endsWord ? i + 2 : i;
    }
}
