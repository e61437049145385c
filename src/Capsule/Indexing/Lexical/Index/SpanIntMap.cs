using System.Runtime.CompilerServices;

namespace Capsule.Indexing.Lexical.Index;

/// <summary>
/// A map from char spans to ints for the builder's per-token memo (surface form → term id): open
/// addressing with linear probing, keys copied into one char arena, so adding a key allocates no string
/// and a lookup runs this type's code, compiled optimized at first call, instead of the generic
/// <see cref="Dictionary{TKey,TValue}.AlternateLookup{TAlternateKey}"/> instantiation, which a one-shot
/// build runs at Tier 0 for much of its work.
/// </summary>
/// <remarks>
/// Hashes are <see cref="string.GetHashCode(ReadOnlySpan{char})"/> (Marvin, seeded per process), so a
/// text crafted to collide cannot make the probing quadratic across runs. The table is at most half full.
/// Not thread-safe.
/// </remarks>
internal sealed class SpanIntMap
{
    private int[] _slots = new int[64]; // entry index + 1; 0 is empty
    private int[] _hashes = new int[32];
    private int[] _starts = new int[32];
    private int[] _lengths = new int[32];
    private int[] _values = new int[32];
    private char[] _chars = new char[256];
    private int _charCount;

    public int Count { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryGetValue(ReadOnlySpan<char> key, out int value)
    {
        int hash = string.GetHashCode(key);
        int mask = _slots.Length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask)
        {
            int entry = _slots[slot] - 1;
            if (entry < 0)
            {
                value = 0;
                return false;
            }
            if (_hashes[entry] == hash && _chars.AsSpan(_starts[entry], _lengths[entry]).SequenceEqual(key))
            {
                value = _values[entry];
                return true;
            }
        }
    }

    /// <summary>Adds <paramref name="key"/>, which must not be in the map (the caller looked it up first).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ReadOnlySpan<char> key, int value)
    {
        int entry = Count;
        if (entry == _hashes.Length)
            GrowEntries();
        if (_charCount > _chars.Length - key.Length)
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _charCount + key.Length));
        key.CopyTo(_chars.AsSpan(_charCount));
        int hash = string.GetHashCode(key);
        _hashes[entry] = hash;
        _starts[entry] = _charCount;
        _lengths[entry] = key.Length;
        _values[entry] = value;
        _charCount += key.Length;
        Count = entry + 1;
        if (2 * Count > _slots.Length)
            Rehash(_slots.Length * 2);
        else
            Place(entry, hash);
    }

    private void Place(int entry, int hash)
    {
        int mask = _slots.Length - 1;
        int slot = hash & mask;
        while (_slots[slot] != 0)
            slot = (slot + 1) & mask;
        _slots[slot] = entry + 1;
    }

    private void GrowEntries()
    {
        int size = _hashes.Length * 2;
        Array.Resize(ref _hashes, size);
        Array.Resize(ref _starts, size);
        Array.Resize(ref _lengths, size);
        Array.Resize(ref _values, size);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Rehash(int size)
    {
        _slots = new int[size];
        for (int entry = 0; entry < Count; entry++)
            Place(entry, _hashes[entry]);
    }
}
