using System.Numerics;
using System.Runtime.CompilerServices;

namespace Capsule.Indexing.Lexical.Index;

/// <summary>
/// A map from <see cref="PackedForm"/>s to ints that any number of threads read and add to, like
/// <see cref="SpanIntMap"/> (lookups take no lock; an add takes it, writes the slot's value first and its key
/// last with a release write; a full table is copied and published whole), but with the key in the slot:
/// a lookup reads one slot and compares two words. It holds the short ASCII forms of a build's memo
/// (<see cref="FormMemo"/>): in med, all but 1 distinct form in 70 and 1 token in 400.
/// </summary>
/// <remarks>
/// The slot of a key comes from multiply-shift hashing with two odd multipliers drawn at random for each map
/// (Dietzfelbinger's universal family: the top bits of <c>a·low + b·high</c>), so a text crafted to collide
/// cannot make the probing quadratic without knowing them.
/// </remarks>
internal sealed class PackedFormMap
{
    private Table _table;
    private int _count;
    private readonly int _maxCount;
    private readonly ulong _lowFactor = RandomOdd();
    private readonly ulong _highFactor = RandomOdd();
    private readonly Lock _adding = new();

    /// <param name="expectedKeys">Keys the map is sized for before it grows (0 for a small start).</param>
    /// <param name="maxCount">Keys it holds at most.</param>
    public PackedFormMap(int expectedKeys = 0, int maxCount = int.MaxValue)
    {
        _maxCount = maxCount;
        _table = new Table(BitOperations.Log2(BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(expectedKeys, 16, 1 << 29))) + 1);
    }

    /// <summary>Keys held.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Whether the map holds its most keys and takes no more.</summary>
    public bool IsFull => Count >= _maxCount;

    [MethodImpl(HotPath.OptimizeInline)]
    public bool TryGetValue(PackedForm key, out int value) => Volatile.Read(ref _table).TryGetValue(key, Hash(key), out value);

    /// <summary>
    /// Adds <paramref name="key"/> → <paramref name="value"/> unless it is there already (another thread may have
    /// added it since this one looked); returns the value the map holds for the key, or <paramref name="value"/>
    /// unstored when the map is full.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is <see cref="PackedForm.None"/>.</exception>
    public int GetOrAdd(PackedForm key, int value)
    {
        if (!key.IsPacked)
            throw new ArgumentException("PackedForm.None is no key.", nameof(key));
        ulong hash = Hash(key);
        lock (_adding)
        {
            var table = _table;
            if (table.TryGetValue(key, hash, out int existing))
                return existing;
            if (_count >= _maxCount)
                return value;
            if (2 * (_count + 1) > table.Slots.Length)
            {
                table = Grow(table);
                Volatile.Write(ref _table, table);
            }
            table.Place(key, hash, value);
            Volatile.Write(ref _count, _count + 1);
            return value;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong Hash(PackedForm key) => key.Low * _lowFactor + key.High * _highFactor;

    private Table Grow(Table table)
    {
        var grown = new Table(table.Bits + 1);
        foreach (ref readonly Slot slot in table.Slots.AsSpan())
        {
            if (slot.Low != 0)
                grown.Place(new PackedForm(slot.Low, slot.High), Hash(new PackedForm(slot.Low, slot.High)), slot.Value);
        }
        return grown;
    }

    /// <summary>
    /// An odd multiplier from <see cref="Random.Shared"/>, which the runtime seeds from the operating system's random
    /// source, as it does Marvin's seed. Not <c>RandomNumberGenerator</c>: that loads OpenSSL, several milliseconds of
    /// a one-shot import.
    /// </summary>
    private static ulong RandomOdd() => (ulong)Random.Shared.NextInt64() << 1 | 1;

    private sealed class Table(int bits)
    {
        public readonly int Bits = bits;
        public readonly Slot[] Slots = new Slot[1 << bits];

        [MethodImpl(HotPath.Optimize)]
        public bool TryGetValue(PackedForm key, ulong hash, out int value)
        {
            Slot[] slots = Slots;
            int mask = slots.Length - 1;
            for (int index = (int)(hash >> (64 - Bits)); ; index = (index + 1) & mask)
            {
                ref Slot slot = ref slots[index];
                ulong low = Volatile.Read(ref slot.Low); // acquire: the value and the high word were written before it
                if (low == key.Low && slot.High == key.High)
                {
                    value = slot.Value;
                    return true;
                }
                if (low == 0)
                {
                    value = 0;
                    return false;
                }
            }
        }

        /// <summary>Fills a free slot for a key that is not there; the release write of its low word publishes it.</summary>
        public void Place(PackedForm key, ulong hash, int value)
        {
            int mask = Slots.Length - 1;
            int index = (int)(hash >> (64 - Bits));
            while (Slots[index].Low != 0)
                index = (index + 1) & mask;
            ref Slot slot = ref Slots[index];
            slot.High = key.High;
            slot.Value = value;
            Volatile.Write(ref slot.Low, key.Low);
        }
    }

    private struct Slot
    {
        public ulong Low; // 0: empty
        public ulong High;
        public int Value;
    }
}
