using System.Numerics;
using System.Runtime.CompilerServices;

namespace Capsule.Indexing.Lexical.Index;

/// <summary>
/// A map from char spans to ints that any number of threads read and add to: lookups take no lock, and only a
/// key that is not there yet takes the lock to be added. It holds a build's term table (<see cref="SharedTermIds"/>),
/// the forms of its memo that do not pack into a <see cref="PackedForm"/> (<see cref="FormMemo"/>: surface form, a
/// token as written → term id, or −1 when the analyzer drops it) and the analyzer's stop words. One memo serves
/// every thread that analyzes a build: with a memo per thread, each
/// thread analyzed every form it met first (med on two threads: 17,700 analyses for 13,300 distinct forms,
/// about 1 µs each), and the memos' arrays were most of the large objects a seal allocated, enough to set off
/// a full collection in the middle of it.
/// </summary>
/// <remarks>
/// <para>
/// Open addressing with linear probing, at most half full; keys are copied into one char arena, so an add
/// allocates no string. A slot holds the key's hash beside its entry index, so a probe that misses touches one
/// array. Hashes are <see cref="string.GetHashCode(ReadOnlySpan{char})"/> (Marvin, seeded per process), so a
/// text crafted to collide cannot make the probing quadratic across runs.
/// </para>
/// <para>
/// Why a lookup needs no lock: the arrays live in a <see cref="Table"/> that readers take with one read. An add
/// writes the entry and its chars first and the slot that points at them last, with a release write, so a
/// reader that sees the slot sees what it points at. A table that is full is copied into a larger one, which
/// is published whole; a reader still holding the old table finds what it held before, and a form it misses
/// there is looked up again under the lock.
/// </para>
/// </remarks>
internal sealed class SpanIntMap
{
    private Table _table;
    private int _count;
    private int _charCount;
    private readonly int _maxCount;
    private readonly Lock _adding = new();

    /// <param name="expectedKeys">Keys the map is sized for before it grows (0 for a small start).</param>
    /// <param name="maxCount">Keys it holds at most (a memo of surface forms stops growing, so that a text of odd tokens cannot grow it without end).</param>
    public SpanIntMap(int expectedKeys = 0, int maxCount = int.MaxValue)
    {
        _maxCount = maxCount;
        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(expectedKeys, 32, 1 << 30));
        _table = new Table(capacity, capacity * 8);
    }

    /// <summary>Keys held.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Whether the map holds its most keys and takes no more.</summary>
    public bool IsFull => Count >= _maxCount;

    [MethodImpl(HotPath.Optimize)]
    public bool TryGetValue(ReadOnlySpan<char> key, out int value) => Volatile.Read(ref _table).TryGetValue(key, string.GetHashCode(key), out value);

    /// <summary>
    /// Adds <paramref name="key"/> → <paramref name="value"/> unless it is there already (another thread may have
    /// added it since this one looked); returns the value the map holds for the key, or <paramref name="value"/>
    /// unstored when the map is full.
    /// </summary>
    public int GetOrAdd(ReadOnlySpan<char> key, int value) => Add(key, string.GetHashCode(key), value, valueIsIndex: false);

    /// <summary>
    /// The value of <paramref name="key"/>, added now when it is new with its entry's index as its value: keys added
    /// only this way get dense ids from 0 in the order they were first added, and <see cref="KeyAt"/> gives them back.
    /// </summary>
    /// <exception cref="InvalidOperationException">The map is full.</exception>
    [MethodImpl(HotPath.Optimize)]
    public int Intern(ReadOnlySpan<char> key)
    {
        int hash = string.GetHashCode(key);
        if (Volatile.Read(ref _table).TryGetValue(key, hash, out int id))
            return id;
        id = Add(key, hash, -1, valueIsIndex: true);
        return id >= 0 ? id : throw new InvalidOperationException($"The map holds {_maxCount} keys, its most.");
    }

    /// <summary>The key of entry <paramref name="index"/> (below <see cref="Count"/>): the key <see cref="Intern"/> gave that id.</summary>
    public ReadOnlySpan<char> KeyAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        var table = Volatile.Read(ref _table);
        var entry = table.Entries[index];
        return table.Chars.AsSpan(entry.Start, entry.Length);
    }

    [MethodImpl(HotPath.Optimize)]
    private int Add(ReadOnlySpan<char> key, int hash, int value, bool valueIsIndex)
    {
        lock (_adding)
        {
            var table = _table;
            if (table.TryGetValue(key, hash, out int existing))
                return existing;
            if (_count >= _maxCount)
                return value;
            if (_count == table.Entries.Length || 2 * (_count + 1) > table.Slots.Length || _charCount > table.Chars.Length - key.Length)
            {
                table = Grow(table, key.Length);
                Volatile.Write(ref _table, table);
            }
            if (valueIsIndex)
                value = _count;
            key.CopyTo(table.Chars.AsSpan(_charCount));
            table.Entries[_count] = new Entry(hash, _charCount, key.Length, value);
            table.Place(_count, hash);
            _charCount += key.Length;
            Volatile.Write(ref _count, _count + 1);
            return value;
        }
    }

    private Table Grow(Table table, int keyLength)
    {
        int entries = table.Entries.Length * 2;
        var grown = new Table(entries, Math.Max(table.Chars.Length * 2, _charCount + keyLength));
        table.Chars.AsSpan(0, _charCount).CopyTo(grown.Chars);
        table.Entries.AsSpan(0, _count).CopyTo(grown.Entries);
        for (int index = 0; index < _count; index++)
            grown.Place(index, grown.Entries[index].Hash);
        return grown;
    }

    private sealed class Table(int entries, int chars)
    {
        public readonly ulong[] Slots = new ulong[2 * entries]; // (uint)hash << 32 | entry index + 1; 0 is empty
        public readonly Entry[] Entries = new Entry[entries];
        public readonly char[] Chars = new char[chars];

        [MethodImpl(HotPath.Optimize)]
        public bool TryGetValue(ReadOnlySpan<char> key, int hash, out int value)
        {
            ulong[] slots = Slots;
            int mask = slots.Length - 1;
            for (int slot = hash & mask; ; slot = (slot + 1) & mask)
            {
                ulong packed = Volatile.Read(ref slots[slot]);
                if (packed == 0)
                {
                    value = 0;
                    return false;
                }
                if ((int)(packed >> 32) == hash)
                {
                    ref readonly Entry entry = ref Entries[(int)(uint)packed - 1];
                    if (Chars.AsSpan(entry.Start, entry.Length).SequenceEqual(key))
                    {
                        value = entry.Value;
                        return true;
                    }
                }
            }
        }

        /// <summary>Points a free slot at entry <paramref name="index"/>, written already; the release write publishes it.</summary>
        public void Place(int index, int hash)
        {
            int mask = Slots.Length - 1;
            int slot = hash & mask;
            while (Slots[slot] != 0)
                slot = (slot + 1) & mask;
            Volatile.Write(ref Slots[slot], (ulong)(uint)hash << 32 | (uint)(index + 1));
        }
    }

    private readonly record struct Entry(int Hash, int Start, int Length, int Value);
}
