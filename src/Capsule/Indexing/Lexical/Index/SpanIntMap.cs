using System.Runtime.CompilerServices;

namespace Capsule.Indexing.Lexical.Index;

/// <summary>
/// A map from char spans to ints for the builder's per-token memo (surface form → term id) and the
/// analyzer's stop words: open addressing with linear probing, keys copied into one char arena, so
/// adding a key allocates no string and a lookup runs this type's code, compiled optimized at first call, instead of the generic
/// <see cref="Dictionary{TKey,TValue}.AlternateLookup{TAlternateKey}"/> instantiation, which a one-shot
/// build runs at Tier 0 for much of its work.
/// </summary>
/// <remarks>
/// Hashes are <see cref="string.GetHashCode(ReadOnlySpan{char})"/> (Marvin, seeded per process), so a
/// text crafted to collide cannot make the probing quadratic across runs. The table is at most half full.
/// A slot holds the key's hash beside its entry index and an entry is one 16-byte struct, so a probe
/// that misses touches one array and a hit two (five parallel arrays before: the build spent a fifth
/// of its time here, mostly waiting on memory). Not thread-safe for adds; lookups only read, so a map no
/// longer added to (the analyzer's stop words) serves any number of threads.
/// </remarks>
internal sealed class SpanIntMap
{
    private ulong[] _slots = new ulong[64]; // (uint)hash << 32 | entry index + 1; 0 is empty
    private Entry[] _entries = new Entry[32];
    private char[] _chars = new char[256];
    private int _charCount;

    public int Count { get; private set; }

    [MethodImpl(HotPath.Optimize)]
    public bool TryGetValue(ReadOnlySpan<char> key, out int value)
    {
        int hash = string.GetHashCode(key);
        ulong[] slots = _slots;
        int mask = slots.Length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask)
        {
            ulong packed = slots[slot];
            if (packed == 0)
            {
                value = 0;
                return false;
            }
            if ((int)(packed >> 32) == hash)
            {
                ref readonly Entry entry = ref _entries[(int)(uint)packed - 1];
                if (_chars.AsSpan(entry.Start, entry.Length).SequenceEqual(key))
                {
                    value = entry.Value;
                    return true;
                }
            }
        }
    }

    /// <summary>Adds <paramref name="key"/>, which must not be in the map (the caller looked it up first).</summary>
    [MethodImpl(HotPath.Optimize)]
    public void Add(ReadOnlySpan<char> key, int value)
    {
        int index = Count;
        if (index == _entries.Length)
            Array.Resize(ref _entries, index * 2);
        if (_charCount > _chars.Length - key.Length)
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _charCount + key.Length));
        key.CopyTo(_chars.AsSpan(_charCount));
        int hash = string.GetHashCode(key);
        _entries[index] = new Entry(hash, _charCount, key.Length, value);
        _charCount += key.Length;
        Count = index + 1;
        if (2 * Count > _slots.Length)
            Rehash(_slots.Length * 2);
        else
            Place(index, hash);
    }

    private void Place(int index, int hash)
    {
        int mask = _slots.Length - 1;
        int slot = hash & mask;
        while (_slots[slot] != 0)
            slot = (slot + 1) & mask;
        _slots[slot] = (ulong)(uint)hash << 32 | (uint)(index + 1);
    }

    [MethodImpl(HotPath.Optimize)]
    private void Rehash(int size)
    {
        _slots = new ulong[size];
        for (int index = 0; index < Count; index++)
            Place(index, _entries[index].Hash);
    }

    private readonly record struct Entry(int Hash, int Start, int Length, int Value);
}
