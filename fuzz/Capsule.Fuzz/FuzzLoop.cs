namespace Capsule.Fuzz;

/// <summary>A finding with everything needed to replay it: the seed, the mutations and the bytes they gave.</summary>
public sealed record Finding(FuzzOutcome Outcome, SeedInput Seed, IReadOnlyList<Mutation> Mutations, byte[] Input);

/// <summary>
/// The mutate-run-record loop shared by the command line and the bounded test. There is no coverage
/// feedback; instead mutated inputs that still open cleanly join the pool (bounded), so later
/// mutations start from valid-but-unusual capsules rather than only from the seeds.
/// </summary>
public sealed class FuzzLoop
{
    private const int PoolLimit = 256;
    private const int LineageLimit = 12;

    private readonly Random _random;
    private readonly Mutator _mutator;
    private readonly List<(SeedInput Seed, List<Mutation> Lineage, byte[] Bytes)> _pool = [];
    private readonly int _seedCount;
    private readonly TimeSpan _timeLimit;

    public FuzzLoop(int seed, IReadOnlyList<SeedInput> seeds, TimeSpan? timeLimit = null)
    {
        if (seeds.Count == 0)
        {
            throw new ArgumentException("the fuzz loop needs at least one seed", nameof(seeds));
        }
        Seed = seed;
        _random = new Random(seed);
        _mutator = new Mutator(_random, seeds);
        _timeLimit = timeLimit ?? FuzzTarget.DefaultTimeLimit;
        _pool.AddRange(seeds.Select(s => (s, new List<Mutation>(), s.Bytes)));
        _seedCount = seeds.Count;
    }

    public int Seed { get; }
    public long Iterations { get; private set; }
    public Dictionary<MutationKind, long> MutationCounts { get; } = Enum.GetValues<MutationKind>().ToDictionary(k => k, _ => 0L);
    public Dictionary<OutcomeKind, long> OutcomeCounts { get; } = Enum.GetValues<OutcomeKind>().ToDictionary(k => k, _ => 0L);

    /// <summary>The outcomes of inputs opened with a password (<see cref="FuzzKeys.PasswordFor"/>): how much of the run reached decryption.</summary>
    public Dictionary<OutcomeKind, long> EncryptedOutcomeCounts { get; } = Enum.GetValues<OutcomeKind>().ToDictionary(k => k, _ => 0L);

    /// <summary>The first input seen for each distinct signature, and how often each signature was hit.</summary>
    public Dictionary<string, Finding> Findings { get; } = [];
    public Dictionary<string, long> FindingHits { get; } = [];

    public int PoolSize => _pool.Count;

    /// <summary>Mutates one pool entry 1–4 times and runs the target on the result.</summary>
    public FuzzOutcome Step()
    {
        // A third of the time start from an original seed, so accepted offspring of one seed cannot crowd out the others.
        var (seed, lineage, bytes) = _pool[_random.Next(_random.Next(3) == 0 ? _seedCount : _pool.Count)];
        var count = 1 + (_random.Next(8) switch { < 4 => 0, < 6 => 1, 6 => 2, _ => 3 });
        var mutations = new List<Mutation>(lineage);
        for (var i = 0; i < count; i++)
        {
            var m = _mutator.Next(bytes);
            bytes = m.Apply(bytes);
            mutations.Add(m);
            MutationCounts[m.Kind]++;
        }
        var outcome = FuzzTarget.Run(bytes, FuzzTarget.Exercise, _timeLimit);
        Iterations++;
        OutcomeCounts[outcome.Kind]++;
        if (FuzzKeys.PasswordFor(bytes) is not null)
        {
            EncryptedOutcomeCounts[outcome.Kind]++;
        }
        if (outcome.IsFinding)
        {
            FindingHits[outcome.Signature] = FindingHits.GetValueOrDefault(outcome.Signature) + 1;
            Findings.TryAdd(outcome.Signature, new Finding(outcome, seed, mutations, bytes));
        }
        else if (outcome.Kind == OutcomeKind.Accepted && mutations.Count <= LineageLimit)
        {
            var entry = (seed, mutations, bytes);
            if (_pool.Count < PoolLimit) _pool.Add(entry);
            else _pool[_seedCount + _random.Next(PoolLimit - _seedCount)] = entry; // seeds are never evicted
        }
        return outcome;
    }
}
