using System.Runtime.InteropServices;
using Capsule.Indexing.Storage;
using Capsule.Indexing.Vector;
using Capsule.Indexing.Vector.Persisted;

namespace Capsule.Tests.Vector.Persisted;

/// <summary>Seeded sets, frame ids and payload helpers shared by the persisted-index tests.</summary>
internal static class PersistedTestData
{
    /// <summary>Frame ids with gaps (3·row + 7), so a test that confuses rows and frame ids fails.</summary>
    public static ulong[] FrameIds(int count, ulong first = 7) => Enumerable.Range(0, count).Select(i => first + (3UL * (ulong)i)).ToArray();

    /// <summary>A clustered set of <paramref name="count"/> rows plus <paramref name="queries"/> held-out queries (normalized for cosine).</summary>
    public static (float[] Rows, float[][] Queries) Set(int seed, int count, int queries, int dimension, VectorMetric metric)
    {
        var values = VectorTestData.Clustered(new Random(seed), count + queries, dimension, clusters: Math.Max(4, count / 100), spread: 1.0);
        if (metric == VectorMetric.Cosine)
        {
            for (var row = 0; row < count + queries; row++)
            {
                Distance.Normalize(values.AsSpan(row * dimension, dimension));
            }
        }
        var held = Enumerable.Range(count, queries).Select(r => values.AsSpan(r * dimension, dimension).ToArray()).ToArray();
        return (values.AsSpan(0, count * dimension).ToArray(), held);
    }

    /// <summary>Mean recall@k of <paramref name="found"/> against <paramref name="truth"/> by frame id.</summary>
    public static double Recall(IReadOnlyList<VectorHit[]> found, IReadOnlyList<VectorHit[]> truth, int k)
    {
        double total = 0;
        for (var q = 0; q < found.Count; q++)
        {
            var expected = truth[q].Take(k).Select(h => h.FrameId).ToHashSet();
            total += found[q].Take(k).Count(h => expected.Contains(h.FrameId)) / (double)k;
        }
        return total / found.Count;
    }

    /// <summary>
    /// A payload over a pinned copy of <paramref name="bytes"/> whose page checksums are those of
    /// <paramref name="checksummed"/>: flipping a byte in <paramref name="bytes"/> then reads as a page
    /// that fails its CRC, as a damaged capsule file would.
    /// </summary>
    public static unsafe IndexPayload Mapped(byte[] bytes, byte[] checksummed)
    {
        var pin = new PinnedArray(bytes);
        return IndexPayload.FromMapped((byte*)pin.Address, bytes.Length, IndexPayload.ComputePageCrcs(checksummed), pin);
    }

    private sealed class PinnedArray(byte[] bytes) : IDisposable
    {
        private GCHandle _handle = GCHandle.Alloc(bytes, GCHandleType.Pinned);

        public nint Address => _handle.AddrOfPinnedObject();

        public void Dispose() => _handle.Free();
    }
}
