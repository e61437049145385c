using Capsule.Indexing.Lexical.Ranking;

namespace Capsule.Tests.Lexical.Ranking;

public sealed class NdcgTests
{
    private static readonly Dictionary<string, int> Gains = new() { ["d1"] = 1, ["d3"] = 2, ["d4"] = 3, ["d5"] = 0 };

    [Fact]
    public void Graded_gains_with_log2_discount()
    {
        // DCG  = 1/log2 2 + 0/log2 3 + 2/log2 4 = 1 + 0 + 1 = 2
        // IDCG = 3/log2 2 + 2/log2 3 + 1/log2 4 = 3 + 2/log2 3 + 0.5
        double expected = 2 / (3.5 + 2 / Math.Log2(3));
        Assert.Equal(expected, Ndcg.AtK(["d1", "d2", "d3"], Gains, 10), 12);
    }

    [Fact]
    public void Cutoff_applies_to_ranking_and_ideal()
    {
        // k = 1: DCG = 1, IDCG = 3.
        Assert.Equal(1.0 / 3, Ndcg.AtK(["d1", "d2", "d3"], Gains, 1), 12);
        Assert.Equal(1.0, Ndcg.AtK(["d4", "d3", "d1"], Gains, 10), 12);
    }

    [Fact]
    public void Nothing_relevant_scores_zero() =>
        Assert.Equal(0, Ndcg.AtK(["d1"], new Dictionary<string, int> { ["d9"] = 0 }, 10));
}
