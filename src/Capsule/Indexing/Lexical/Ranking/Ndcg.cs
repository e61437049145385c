namespace Capsule.Indexing.Lexical.Ranking;

/// <summary>
/// Normalized discounted cumulative gain (Järvelin &amp; Kekäläinen, TOIS 2002) with linear graded
/// gains and a log2 discount, as trec_eval's ndcg_cut and ../shared/anchors/eval_run.py compute it:
/// <code>
///   DCG@k  = Σ_{i=1..k} gain(d_i) / log2(i + 1)
///   nDCG@k = DCG@k / IDCG@k      (IDCG: the judged gains sorted descending)
/// </code>
/// </summary>
public static class Ndcg
{
    /// <summary>nDCG@k of one ranking; 0 when nothing is judged relevant (gain &gt; 0).</summary>
    public static double AtK(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> gains, int k)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentNullException.ThrowIfNull(gains);
        double dcg = 0;
        for (int i = 0; i < Math.Min(k, ranking.Count); i++)
            dcg += Math.Max(0, gains.GetValueOrDefault(ranking[i])) / Math.Log2(i + 2);
        var ideal = gains.Values.Where(g => g > 0).OrderDescending().Take(k).ToArray();
        double idcg = 0;
        for (int i = 0; i < ideal.Length; i++)
            idcg += ideal[i] / Math.Log2(i + 2);
        return idcg > 0 ? dcg / idcg : 0;
    }
}
