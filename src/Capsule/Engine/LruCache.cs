namespace Capsule.Engine;

/// <summary>
/// A small least-recently-used cache with a fixed entry count. Evicting one entry at a time (rather
/// than clearing everything when full) keeps random reads over many segments from falling off a
/// cliff once the working set passes the limit.
/// </summary>
internal sealed class LruCache<TKey, TValue>(int capacity, Action<TValue>? evicted = null) where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, TValue Value)>> _map = [];
    private readonly LinkedList<(TKey Key, TValue Value)> _order = new();

    public int Count => _map.Count;

    public bool TryGet(TKey key, out TValue value)
    {
        if (_map.TryGetValue(key, out var node))
        {
            if (node != _order.First)
            {
                _order.Remove(node);
                _order.AddFirst(node);
            }
            value = node.Value.Value;
            return true;
        }
        value = default!;
        return false;
    }

    public void Add(TKey key, TValue value)
    {
        if (_map.ContainsKey(key))
        {
            return;
        }
        if (_map.Count >= capacity && _order.Last is { } last)
        {
            _order.RemoveLast();
            _map.Remove(last.Value.Key);
            evicted?.Invoke(last.Value.Value);
        }
        _map[key] = _order.AddFirst((key, value));
    }

    public void Clear()
    {
        foreach (var (_, value) in _order)
        {
            evicted?.Invoke(value);
        }
        _map.Clear();
        _order.Clear();
    }
}
