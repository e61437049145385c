using Capsule.Indexing.Lexical.Analysis;

namespace Capsule.Indexing.Lexical.Query;

/// <summary>
/// Parses the query language of <c>capsule find</c> into a <see cref="QueryNode"/> tree, analyzing
/// every term with the capsule's <see cref="Analyzer"/> so the query meets the index term for term.
/// Filters (tag, uri prefix, kind, time) are not part of this text; they come from options.
/// </summary>
/// <remarks>
/// Grammar (EBNF; precedence NOT / - / + above AND above OR; juxtaposition is OR):
/// <code>
/// query   = or , END ;
/// or      = and , { [ "OR" ] , and } ;             (* "a b" = "a OR b": ranked OR *)
/// and     = unary , { "AND" , unary } ;
/// unary   = ( "NOT" | "-" | "+" ) , primary | primary ;
/// primary = word | phrase | "(" , or , ")" | field , ( word | phrase | "(" , or , ")" ) ;
/// field   = "title:" | "text:" ;                   (* no space before the operand *)
/// phrase  = '"' , { any char but '"' } , '"' ;
/// word    = { any char but space, '(', ')', '"' }- ;
/// </code>
/// Decisions:
/// <list type="bullet">
/// <item>AND, OR, NOT are operators only as whole upper-case words, so natural text ("cats and
/// dogs", "to be or not to be") is plain words. Field prefixes are lower case for the same reason:
/// a pasted "Title: Dune" is text, not syntax.</item>
/// <item>"-x" and "NOT x" exclude x; "+x" requires x (Lucene's occurrences, <see cref="BooleanQuery"/>).
/// "a NOT b" is "a -b". A prefix must touch its operand: a lone "-" or "+" is punctuation, dropped.</item>
/// <item>"foo:bar" with an unknown field is the plain word "foo:bar", so URLs and times ("http://x",
/// "10:30") search as text; it analyzes like any word that splits into several terms (below).</item>
/// <item>A word that analyzes to several terms ("e-mail", "user_id", "bob@example.com") is a phrase
/// of them, as Lucene's autoGeneratePhraseQueries does: the writer typed it as one unit. A run of CJK
/// text is the exception: its bigrams are a ranked OR, Lucene's default for CJK, because an unspaced
/// sentence is many words, not one. Quoted CJK text is a phrase of its bigrams.</item>
/// <item>A word that analyzes to nothing (a stop word, punctuation) is dropped. A query left with no
/// term, or with exclusions only, parses to a <see cref="MatchNoneQuery"/> carrying the reason: the
/// index holds no stop words, so keeping them could only match nothing, silently.</item>
/// <item>Exclusions alone inside a group are hoisted into the enclosing query ("a (NOT b)" is "a -b").
/// Nested ORs and ANDs flatten when that keeps the same matches and BM25 sum ("a OR (b OR c)" is
/// "(a b c)").</item>
/// </list>
/// </remarks>
public sealed partial class QueryParser
{
    private readonly Analyzer _analyzer;

    /// <exception cref="ArgumentException">The settings are out of range.</exception>
    public QueryParser(AnalyzerSettings? settings = null) => _analyzer = Analyzer.Shared(settings);

    /// <summary>Parses <paramref name="query"/>.</summary>
    /// <exception cref="QueryParseException">The query is empty or malformed; the exception carries the position.</exception>
    public QueryNode Parse(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var reader = new Reader(this, query, QueryLexer.Tokenize(query));
        return reader.ParseQuery();
    }
}
