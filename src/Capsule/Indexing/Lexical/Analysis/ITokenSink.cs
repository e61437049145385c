namespace Capsule.Indexing.Lexical.Analysis;

/// <summary>
/// Receives analyzed terms without allocating a string per term. the term span is only
/// valid during the call (it points into the analyzer's pooled buffer). Implement it on a struct
/// and pass it by ref so the call is not boxed or virtual.
/// </summary>
public interface ITokenSink
{
    void OnToken(scoped ReadOnlySpan<char> term, int start, int end, int position);
}
