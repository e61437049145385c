namespace Capsule.Indexing.Vector;

/// <summary>
/// SplitMix64 (Steele, Lea &amp; Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014).
/// Used instead of <see cref="Random"/> because a seeded <see cref="Random"/>'s sequence is not
/// promised across .NET versions, and HNSW levels must be reproducible for deterministic builds.
/// </summary>
internal struct SplitMix64
{
    private ulong _state;

    public SplitMix64(ulong seed) => _state = seed;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in (0, 1]: never 0, so that <c>-ln(u)</c> is finite.</summary>
    public double NextUnitOpenAtZero() => ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));
}
