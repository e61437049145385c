namespace Capsule.Indexing.Vector;

/// <summary>
/// Knobs of an HNSW graph (Malkov &amp; Yashunin, "Efficient and robust approximate nearest neighbor
/// search using Hierarchical Navigable Small World graphs", arXiv:1603.09320, 2016; IEEE TPAMI 2018).
/// Defaults are hnswlib's: M = 16, efConstruction = 200, ef = 64 at query time (hnswlib's own default
/// ef is 10, but 64 is where its README examples and ann-benchmarks runs reach ~0.95+ recall@10).
/// </summary>
public sealed record HnswParameters
{
    /// <summary>
    /// Links per node on layers above 0 (the paper's M). The paper finds 5–48 reasonable; 16 is the
    /// common middle for 64–768 dimensions.
    /// </summary>
    public int M { get; init; } = 16;

    /// <summary>Size of the dynamic candidate list while inserting (the paper's efConstruction).</summary>
    public int EfConstruction { get; init; } = 200;

    /// <summary>Default size of the dynamic candidate list while searching (the paper's ef); at least k is used.</summary>
    public int EfSearch { get; init; } = 64;

    /// <summary>Seed of the level generator, so the same rows in the same order always give the same graph.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>
    /// Links per node on layer 0 (the paper's Mmax0). The paper (section 4.2.2) recommends 2·M:
    /// layer 0 holds every node, and fewer links there cost recall at high recall targets.
    /// </summary>
    public int MaxLinksLayer0 => 2 * M;

    /// <summary>
    /// The level multiplier mL = 1/ln(M) (section 4.1): it makes the expected overlap of neighbours
    /// between layers small, which the paper shows is the best choice for search speed.
    /// </summary>
    public double LevelMultiplier => 1.0 / Math.Log(M);

    /// <exception cref="ArgumentOutOfRangeException">M outside [2, 512], or efConstruction / efSearch outside [1, 65535] (what the settings record holds, FORMAT.md §14).</exception>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(M, 2, nameof(M));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(M, Format.SettingsRecord.MaxHnswM, nameof(M));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(EfConstruction, nameof(EfConstruction));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(EfConstruction, ushort.MaxValue, nameof(EfConstruction));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(EfSearch, nameof(EfSearch));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(EfSearch, ushort.MaxValue, nameof(EfSearch));
    }
}
