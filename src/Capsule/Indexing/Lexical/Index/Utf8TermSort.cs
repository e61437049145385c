using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Capsule.Indexing.Lexical.Index;

/// <summary>
/// Sorts terms by their UTF-8 bytes, the order of a payload's dictionary: a least-significant-digit radix sort
/// of each term's first 8 bytes (read as a big-endian number, short terms padded with zeros, which sort first
/// as a shorter prefix does), then a comparison sort of each run of terms sharing those 8 bytes. A comparison
/// sort of all the terms through <see cref="IComparer{T}"/> took 3-5 ms for the 5,000-10,000 terms of cran or
/// med, and 20 ms for the 29,000 of scifact, on the critical path of a bulk seal.
/// </summary>
internal static class Utf8TermSort
{
    /// <summary>Sorts <paramref name="keys"/> (distinct UTF-8 terms) and <paramref name="items"/> together.</summary>
    public static void Sort(byte[][] keys, BuilderTerm[] items)
    {
        var order = Sort(keys);
        var unsorted = (BuilderTerm[])items.Clone();
        for (int i = 0; i < order.Length; i++)
            items[i] = unsorted[order[i]];
    }

    /// <summary>
    /// Sorts <paramref name="keys"/> (distinct UTF-8 terms) in place and returns where each came from: the key at
    /// <c>i</c> was at <c>order[i]</c> before.
    /// </summary>
    [MethodImpl(HotPath.Optimize)]
    public static int[] Sort(byte[][] keys)
    {
        int n = keys.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++)
            order[i] = i;
        if (n < 2)
            return order;
        var prefixes = new ulong[n];
        for (int i = 0; i < n; i++)
            prefixes[i] = Prefix(keys[i]);
        RadixSort(prefixes, order);

        // Terms that share their first 8 bytes: ordered by the rest.
        for (int start = 0; start < n;)
        {
            int end = start + 1;
            while (end < n && prefixes[end] == prefixes[start])
                end++;
            if (end - start > 1)
                SortRun(order.AsSpan(start, end - start), keys);
            start = end;
        }
        var unsorted = (byte[][])keys.Clone();
        for (int i = 0; i < n; i++)
            keys[i] = unsorted[order[i]];
        return order;
    }

    /// <summary>Orders the indexes of a run of keys that share their first 8 bytes by the keys' bytes.</summary>
    [MethodImpl(HotPath.Optimize)]
    private static void SortRun(Span<int> run, byte[][] keys)
    {
        // Runs are short (at most 9 terms in med, 12 in scifact): an insertion sort, compiled ahead of time with this
        // type, where the library's sort over int indexes was compiled by the JIT at its first use, in a seal.
        if (run.Length > ShortRun)
        {
            run.Sort(new ByteOrder(keys));
            return;
        }
        for (int i = 1; i < run.Length; i++)
        {
            int index = run[i], j = i - 1;
            for (; j >= 0 && keys[run[j]].AsSpan().SequenceCompareTo(keys[index]) > 0; j--)
                run[j + 1] = run[j];
            run[j + 1] = index;
        }
    }

    /// <summary>Runs up to this long are insertion-sorted.</summary>
    private const int ShortRun = 16;

    /// <summary>The first 8 bytes of <paramref name="key"/> as a big-endian number, zeros after a shorter key.</summary>
    private static ulong Prefix(byte[] key)
    {
        Span<byte> first = stackalloc byte[8];
        first.Clear();
        key.AsSpan(0, Math.Min(8, key.Length)).CopyTo(first);
        return BinaryPrimitives.ReadUInt64BigEndian(first);
    }

    /// <summary>Sorts <paramref name="prefixes"/> ascending, <paramref name="order"/> alongside, a byte per pass
    /// from the lowest (stable, so each pass keeps the order of the ones before); a pass over a byte every key
    /// shares is skipped.</summary>
    [MethodImpl(HotPath.Optimize)]
    private static void RadixSort(ulong[] prefixes, int[] order)
    {
        int n = prefixes.Length;
        ulong[] fromPrefixes = prefixes, toPrefixes = new ulong[n];
        int[] fromOrder = order, toOrder = new int[n];
        Span<int> counts = stackalloc int[256];
        for (int shift = 0; shift < 64; shift += 8)
        {
            counts.Clear();
            foreach (ulong prefix in fromPrefixes)
                counts[(int)(prefix >> shift) & 0xFF]++;
            if (counts[(int)(fromPrefixes[0] >> shift) & 0xFF] == n)
                continue;
            int sum = 0;
            for (int b = 0; b < 256; b++)
                (counts[b], sum) = (sum, sum + counts[b]);
            for (int i = 0; i < n; i++)
            {
                int at = counts[(int)(fromPrefixes[i] >> shift) & 0xFF]++;
                toPrefixes[at] = fromPrefixes[i];
                toOrder[at] = fromOrder[i];
            }
            (fromPrefixes, toPrefixes) = (toPrefixes, fromPrefixes);
            (fromOrder, toOrder) = (toOrder, fromOrder);
        }
        if (!ReferenceEquals(fromPrefixes, prefixes))
        {
            fromPrefixes.CopyTo(prefixes, 0);
            fromOrder.CopyTo(order, 0);
        }
    }

    /// <summary>Unsigned byte order of the UTF-8 terms that indexes point at, for the runs that share their first 8 bytes.</summary>
    private readonly struct ByteOrder(byte[][] keys) : IComparer<int>
    {
        public int Compare(int x, int y) => keys[x].AsSpan().SequenceCompareTo(keys[y]);
    }
}
