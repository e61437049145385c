namespace Capsule.Indexing.Lexical.Query;

/// <summary>
/// Splits a query into <see cref="QueryToken"/>s (rules in <see cref="QueryParser"/>'s remarks).
/// Errors a lexer can see (an unclosed quote, an empty field prefix) are thrown here with their position.
/// </summary>
internal static class QueryLexer
{
    public static List<QueryToken> Tokenize(string query)
    {
        var tokens = new List<QueryToken>();
        // The token right after a prefix (-, +) or a field is always an operand: never an operator,
        // never another prefix, and after a field never another field ("title:title:x" is a word).
        bool plainNext = false, afterField = false;
        int i = 0;
        while (true)
        {
            while (i < query.Length && char.IsWhiteSpace(query[i]))
                i++;
            if (i >= query.Length)
                break;

            bool plain = plainNext, fieldAllowed = !afterField;
            plainNext = afterField = false;
            char c = query[i];
            if (c == '(' || c == ')')
            {
                tokens.Add(new QueryToken(c == '(' ? QueryTokenKind.LeftParen : QueryTokenKind.RightParen, i, i + 1));
                i++;
                continue;
            }
            if (c == '"')
            {
                int close = query.IndexOf('"', i + 1);
                if (close < 0)
                    throw new QueryParseException(query, i, "This quote is never closed");
                tokens.Add(new QueryToken(QueryTokenKind.Phrase, i, close + 1, query[(i + 1)..close]));
                i = close + 1;
                continue;
            }
            if (c is '-' or '+' && !plain && i + 1 < query.Length && !char.IsWhiteSpace(query[i + 1]) && query[i + 1] != ')')
            {
                // A lone "-" or "+" (followed by a space) is punctuation in natural text ("Paris - Rome"),
                // not an operator: it lexes as a word and analyzes to nothing.
                tokens.Add(new QueryToken(c == '-' ? QueryTokenKind.Minus : QueryTokenKind.Plus, i, i + 1));
                plainNext = true;
                i++;
                continue;
            }

            int start = i;
            while (i < query.Length && !char.IsWhiteSpace(query[i]) && query[i] is not ('(' or ')' or '"'))
                i++;
            string word = query[start..i];
            if (!plain && word is "AND" or "OR" or "NOT")
            {
                var kind = word switch { "AND" => QueryTokenKind.And, "OR" => QueryTokenKind.Or, _ => QueryTokenKind.Not };
                tokens.Add(new QueryToken(kind, start, i));
                continue;
            }
            if (fieldAllowed && TryField(word, out QueryField field, out int colon))
            {
                int after = start + colon + 1;
                tokens.Add(new QueryToken(QueryTokenKind.Field, start, after, Field: field));
                plainNext = afterField = true;
                if (after < i)
                {
                    i = after; // the rest of the word is the field's operand, lexed next
                    continue;
                }
                if (i < query.Length && query[i] is '"' or '(')
                    continue;
                throw new QueryParseException(query, after,
                    $"{FieldQuery.FieldName(field)}: needs a word, a \"phrase\" or a (group) right after the colon");
            }
            tokens.Add(new QueryToken(QueryTokenKind.Word, start, i, word));
        }
        tokens.Add(new QueryToken(QueryTokenKind.End, query.Length, query.Length));
        return tokens;
    }

    /// <summary>Known field prefixes only, in lower case; "foo:bar" and "Title:x" stay plain words.</summary>
    private static bool TryField(string word, out QueryField field, out int colon)
    {
        colon = word.IndexOf(':');
        field = default;
        switch (colon < 0 ? "" : word[..colon])
        {
            case "title":
                field = QueryField.Title;
                return true;
            case "text":
                field = QueryField.Text;
                return true;
            default:
                return false;
        }
    }
}
