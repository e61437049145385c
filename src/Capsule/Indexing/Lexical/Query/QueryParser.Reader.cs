using Capsule.Indexing.Lexical.Analysis;

namespace Capsule.Indexing.Lexical.Query;

public sealed partial class QueryParser
{
    /// <summary>Recursive descent over the tokens of one query, one method per grammar rule.</summary>
    private sealed class Reader(QueryParser parser, string query, List<QueryToken> tokens)
    {
        private int _next;

        private QueryToken Peek => tokens[_next];

        private QueryToken Advance() => tokens[_next++];

        public QueryNode ParseQuery()
        {
            if (Peek.Kind == QueryTokenKind.End)
                throw Error(0, "The query is empty");
            var clauses = ParseOr(out _);
            if (Peek.Kind == QueryTokenKind.RightParen)
                throw Error(Peek.Start, "This ')' has no matching '('");
            return QueryClauses.Root(QueryClauses.Combine(clauses));
        }

        /// <summary>or = and { [OR] and }; stops before ')' or the end. <paramref name="any"/> tells
        /// whether an operand was written, even one that analyzed to nothing.</summary>
        private List<Clause> ParseOr(out bool any)
        {
            var clauses = new List<Clause>();
            any = false;
            while (Peek.Kind is not (QueryTokenKind.End or QueryTokenKind.RightParen))
            {
                if (Peek.Kind is QueryTokenKind.Or or QueryTokenKind.And)
                {
                    var op = Advance();
                    string name = op.Kind == QueryTokenKind.Or ? "OR" : "AND";
                    if (!any || op.Kind == QueryTokenKind.And)
                        throw Error(op.Start, $"{name} needs a term before it");
                    if (!Peek.StartsOperand)
                        throw Error(Peek.Start, $"{name} needs a term after it");
                }
                var clause = ParseAnd();
                any = true;
                if (clause.Node is not null)
                    clauses.Add(clause);
            }
            return clauses;
        }

        /// <summary>and = unary { AND unary }: every operand is required.</summary>
        private Clause ParseAnd()
        {
            var first = ParseUnary();
            if (Peek.Kind != QueryTokenKind.And)
                return first;
            var operands = new List<Clause> { Required(first) };
            while (Peek.Kind == QueryTokenKind.And)
            {
                Advance();
                if (!Peek.StartsOperand)
                    throw Error(Peek.Start, "AND needs a term after it");
                operands.Add(Required(ParseUnary()));
            }
            operands.RemoveAll(c => c.Node is null); // stop words drop out of an AND as out of an OR
            return new Clause(Occur.Should, QueryClauses.Combine(operands));
        }

        private static Clause Required(Clause clause) =>
            clause.Occur == Occur.MustNot ? clause : clause with { Occur = Occur.Must };

        private Clause ParseUnary()
        {
            var token = Peek;
            switch (token.Kind)
            {
                case QueryTokenKind.Not:
                    Advance();
                    if (!Peek.StartsPrimary)
                        throw Error(Peek.Start, "NOT needs a term after it");
                    return new Clause(Occur.MustNot, ParsePrimary());
                case QueryTokenKind.Minus:
                case QueryTokenKind.Plus:
                    Advance();
                    return new Clause(token.Kind == QueryTokenKind.Minus ? Occur.MustNot : Occur.Must, ParsePrimary());
                default:
                    return new Clause(Occur.Should, ParsePrimary());
            }
        }

        /// <summary>A word, phrase, group or field; null when it analyzed to nothing.</summary>
        private QueryNode? ParsePrimary()
        {
            var token = Advance();
            switch (token.Kind)
            {
                case QueryTokenKind.Word:
                    return parser.AnalyzeWord(token.Text);
                case QueryTokenKind.Phrase:
                    if (string.IsNullOrWhiteSpace(token.Text))
                        throw Error(token.Start, "This phrase is empty");
                    return parser.AnalyzePhrase(token.Text);
                case QueryTokenKind.LeftParen:
                    var inner = ParseOr(out bool any);
                    if (Peek.Kind != QueryTokenKind.RightParen)
                        throw Error(token.Start, "This '(' is never closed");
                    if (!any)
                        throw Error(Peek.Start, "This group is empty");
                    Advance();
                    return QueryClauses.Combine(inner);
                case QueryTokenKind.Field:
                    // The lexer guarantees a word, phrase or '(' follows the colon directly.
                    var operand = ParsePrimary();
                    return operand is null ? null : QueryClauses.InField(token.Field, operand);
                default:
                    throw Error(token.Start, "Expected a word, a \"phrase\" or a (group) here");
            }
        }

        private QueryParseException Error(int position, string reason) => new(query, position, reason);
    }

    private QueryNode? AnalyzeWord(string word) => ToNode(_analyzer.Analyze(word), phrase: false);

    private QueryNode? AnalyzePhrase(string text) => ToNode(_analyzer.Analyze(text), phrase: true);

    private static QueryNode? ToNode(IReadOnlyList<Token> tokens, bool phrase)
    {
        if (tokens.Count == 0)
            return null;
        if (tokens.Count == 1)
            return new TermQuery(tokens[0].Term);
        if (!phrase && tokens.All(t => IsCjk(t.Term)))
            return new BooleanQuery(tokens.Select(t => (QueryNode)new TermQuery(t.Term)).ToArray(), [], []);
        int first = tokens[0].Position;
        return new PhraseQuery(tokens.Select(t => new PhraseTerm(t.Term, t.Position - first)).ToArray());
    }

    private static bool IsCjk(string term) =>
        System.Text.Rune.DecodeFromUtf16(term, out var rune, out _) == System.Buffers.OperationStatus.Done
        && CjkScript.IsCjk(rune.Value);
}
