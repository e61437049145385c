using System.Diagnostics;

namespace Capsule.Fuzz;

/// <summary>
/// Shrinks a finding a little, within a time budget: first drop whole mutations, then cut the file's
/// end, then zero ranges; each step is kept only while the finding keeps its signature. Zeroing
/// makes the repro sparse, so it prints as a few (offset, bytes) runs instead of a whole file.
/// </summary>
public static class Minimizer
{
    public static Finding Minimize(Finding finding, TimeSpan budget)
    {
        var clock = Stopwatch.StartNew();
        var signature = finding.Outcome.Signature;
        bool Reproduces(byte[] candidate) => clock.Elapsed < budget && FuzzTarget.Run(candidate).Signature == signature;

        var mutations = finding.Mutations.ToList();
        for (var i = mutations.Count - 1; i >= 0 && clock.Elapsed < budget; i--)
        {
            var without = mutations.Where((_, j) => j != i).ToList();
            if (Reproduces(Mutation.ApplyAll(finding.Seed.Bytes, without)))
            {
                mutations = without;
            }
        }
        var bytes = Mutation.ApplyAll(finding.Seed.Bytes, mutations);
        if (FuzzTarget.Run(bytes).Signature != signature)
        {
            return finding; // flaky (e.g. a hang near the limit): keep the original
        }

        for (var cut = bytes.Length / 2; cut > 0 && clock.Elapsed < budget; cut /= 2)
        {
            while (cut <= bytes.Length && Reproduces(bytes[..^cut]))
            {
                bytes = bytes[..^cut];
            }
        }
        for (var chunk = 1024; chunk >= 8 && clock.Elapsed < budget; chunk /= 4)
        {
            for (var at = 0; at < bytes.Length && clock.Elapsed < budget; at += chunk)
            {
                var length = Math.Min(chunk, bytes.Length - at);
                if (!bytes.AsSpan(at, length).ContainsAnyExcept((byte)0))
                {
                    continue;
                }
                var candidate = (byte[])bytes.Clone();
                candidate.AsSpan(at, length).Clear();
                if (Reproduces(candidate))
                {
                    bytes = candidate;
                    }
            }
        }
        var outcome = FuzzTarget.Run(bytes);
        return outcome.Signature == signature ? finding with { Outcome = outcome, Mutations = mutations, Input = bytes } : finding;
    }
}
