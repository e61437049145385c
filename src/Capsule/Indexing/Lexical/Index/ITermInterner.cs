namespace Capsule.Indexing.Lexical.Index;

/// <summary>Where a <see cref="TokenCollector"/> turns an analyzed term it has not seen yet into a term id.</summary>
internal interface ITermInterner
{
    /// <summary>The id of <paramref name="term"/>, assigned now when it is new.</summary>
    int Intern(scoped ReadOnlySpan<char> term);
}
