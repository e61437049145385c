namespace Capsule.Engine;

/// <summary>
/// Decompressed blocks kept for repeated reads, least recently used first out, bounded in bytes.
/// A raw block is cached as a marker with no buffer: its CRC was checked once and later reads go
/// straight to the map.
/// </summary>
internal sealed class BlockCache(long capacityBytes)
{
    private readonly Dictionary<(long Segment, int Block), LinkedListNode<Entry>> _map = [];
    private readonly LinkedList<Entry> _order = new();
    private long _bytes;

    private sealed record Entry((long Segment, int Block) Key, byte[]? Raw);

    public bool TryGet(long segment, int block, out byte[]? raw)
    {
        if (_map.TryGetValue((segment, block), out var node))
        {
            _order.Remove(node);
            _order.AddFirst(node);
            raw = node.Value.Raw;
            return true;
        }
        raw = null;
        return false;
    }

    public void Add(long segment, int block, byte[]? raw)
    {
        var key = (segment, block);
        if (_map.ContainsKey(key))
        {
            return;
        }
        var size = (raw?.Length ?? 0) + 64;
        while (_bytes + size > capacityBytes && _order.Last is { } last)
        {
            _order.RemoveLast();
            _map.Remove(last.Value.Key);
            _bytes -= (last.Value.Raw?.Length ?? 0) + 64;
        }
        _map[key] = _order.AddFirst(new Entry(key, raw));
        _bytes += size;
    }

    public void Clear()
    {
        _map.Clear();
        _order.Clear();
        _bytes = 0;
    }
}
