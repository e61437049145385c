namespace Capsule.Engine;

/// <summary>
/// A bounded cache with CLOCK (second-chance) eviction, the approximation of LRU that buffer pools
/// use (Corbató's CLOCK; PostgreSQL's clock-sweep): a hit only sets a reference bit, where an exact
/// LRU moves a linked-list node on every hit, which cost more than the rest of a warm point read.
/// Eviction sweeps a hand over the slots, clearing reference bits, and evicts the first entry whose
/// bit is already clear, so an entry read since the last sweep survives it. Capacity is in weight
/// units (entries, or bytes for block buffers). Not thread-safe: the capsule's lock guards it.
/// </summary>
internal sealed class ClockCache<TKey, TValue>(long capacity, Func<TValue, long>? weigh = null, Action<TValue>? evicted = null)
    where TKey : notnull
{
    private readonly Dictionary<TKey, int> _index = [];
    private readonly List<Slot> _slots = [];
    private readonly Stack<int> _free = new();
    private long _weight;
    private int _hand;

    private struct Slot
    {
        public TKey Key;
        public TValue Value;
        public long Weight;
        public bool Referenced;
        public bool Used;
    }

    public int Count => _index.Count;

    /// <summary>The summed weight of the entries held: at most <see cref="Capacity"/>, unless a single entry alone weighs more.</summary>
    public long Weight => _weight;

    /// <summary>
    /// The weight the cache may hold. Lowering it evicts down to it at once: a cache that shares a
    /// memory budget with something else (SealedDevice's decrypted index payloads) gives room back.
    /// </summary>
    public long Capacity
    {
        get => capacity;
        set
        {
            capacity = value;
            while (_weight > capacity && _index.Count > 0)
            {
                EvictOne();
            }
        }
    }

    public bool TryGet(TKey key, out TValue value)
    {
        if (_index.TryGetValue(key, out var at))
        {
            var slots = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_slots);
            slots[at].Referenced = true;
            value = slots[at].Value;
            return true;
        }
        value = default!;
        return false;
    }

    public void Add(TKey key, TValue value)
    {
        if (_index.ContainsKey(key))
        {
            return;
        }
        var weight = weigh?.Invoke(value) ?? 1;
        while (_weight + weight > capacity && _index.Count > 0)
        {
            EvictOne();
        }
        var slot = new Slot { Key = key, Value = value, Weight = weight, Used = true };
        int at;
        if (_free.Count > 0)
        {
            at = _free.Pop();
            _slots[at] = slot;
        }
        else
        {
            at = _slots.Count;
            _slots.Add(slot);
        }
        _index[key] = at;
        _weight += weight;
    }

    public void Clear()
    {
        foreach (var slot in _slots)
        {
            if (slot.Used)
            {
                evicted?.Invoke(slot.Value);
            }
        }
        _index.Clear();
        _slots.Clear();
        _free.Clear();
        _weight = 0;
        _hand = 0;
    }

    private void EvictOne()
    {
        var slots = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_slots);
        // At most two sweeps: the first clears every reference bit, so the second must find a victim.
        for (var step = 0; step < 2 * slots.Length + 1; step++)
        {
            if (_hand >= slots.Length)
            {
                _hand = 0;
            }
            ref var slot = ref slots[_hand];
            var at = _hand++;
            if (!slot.Used)
            {
                continue;
            }
            if (slot.Referenced)
            {
                slot.Referenced = false;
                continue;
            }
            _index.Remove(slot.Key);
            _weight -= slot.Weight;
            var value = slot.Value;
            slot = default;
            _free.Push(at);
            evicted?.Invoke(value);
            return;
        }
    }
}
