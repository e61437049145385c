using System.Runtime.CompilerServices;
using Capsule.Indexing.Lexical.Index;
using Capsule.Indexing.Lexical.Ranking;

namespace Capsule.Indexing.Lexical.Search;

/// <summary>
/// BM25F of one search: the parameters and the collection's average field lengths, combined across
/// every part searched. The arithmetic is <see cref="InMemoryIndex"/>'s, operation for operation, so
/// scores are equal to the last bit: <c>tf~ = tfText / B_text + boost · tfTitle / B_title</c>, then
/// <see cref="Bm25.Saturate"/>.
/// </summary>
internal sealed class Bm25FWeights(InMemoryIndexOptions options, double averageText, double averageTitle)
{
    private readonly double _k1 = options.Bm25.K1;
    private readonly double _b = options.Bm25.B;
    private readonly double _boost = options.TitleBoost;

    /// <summary>The fields a term matches: the title only counts when its boost is positive.</summary>
    public FieldMask Effective(FieldMask mask) => _boost > 0 ? mask : mask & FieldMask.Text;

    /// <summary>Field-weighted, length-normalized frequency (monotone: up in each tf, down in each length).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Frequency(FieldMask mask, int tfText, int textLength, int tfTitle, int titleLength)
    {
        double frequency = 0;
        if ((mask & FieldMask.Text) != 0 && tfText > 0)
            frequency = tfText / Bm25.LengthNorm(textLength, averageText, _b);
        if ((mask & FieldMask.Title) != 0 && tfTitle > 0 && _boost > 0)
            frequency += _boost * tfTitle / Bm25.LengthNorm(titleLength, averageTitle, _b);
        return frequency;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Saturate(double idf, double frequency) => Bm25.Saturate(idf, frequency, _k1);

    /// <summary>The most any document of <paramref name="block"/> can score for a term of weight <paramref name="idf"/>.</summary>
    [MethodImpl(HotPath.OptimizeInline)]
    public double BlockBound(double idf, FieldMask mask, in BlockInfo block) =>
        Saturate(idf, Frequency(mask, block.MaxTfText, block.MinLenText, block.MaxTfTitle, block.MinLenTitle));
}
