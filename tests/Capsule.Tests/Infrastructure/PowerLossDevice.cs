using Capsule.Storage;

namespace Capsule.Tests.Infrastructure;

/// <summary>Thrown by <see cref="PowerLossDevice"/> when the simulated power fails mid-operation.</summary>
public sealed class SimulatedPowerLoss : Exception
{
    public SimulatedPowerLoss() : base("simulated power loss") { }
}

/// <summary>
/// A fault-injecting device that models a disk with a volatile cache: writes and truncations land in
/// the cache and become durable only at <see cref="Flush"/>. <see cref="PowerLoss"/> builds the image
/// a disk could hold after losing power: the durable bytes plus any subset of the unflushed
/// operations, applied in any order, the last one possibly torn at a random byte. It can also cut the
/// power at the N-th operation (so a crash lands inside a commit) and fill up like a full disk.
/// </summary>
public sealed class PowerLossDevice : IStorageDevice
{
    private readonly MemoryDevice _current;
    private byte[] _durable;
    private readonly List<(long Offset, byte[]? Data, long TruncateTo)> _unflushed = [];
    private int _operations;

    public PowerLossDevice(byte[]? image = null, string name = "power-loss device")
    {
        _durable = image ?? [];
        _current = new MemoryDevice(name, _durable);
        Name = name;
    }

    public string Name { get; }
    public bool IsReadOnly => false;
    public long Length => _current.Length;

    /// <summary>When set, the operation with this (0-based) index throws <see cref="SimulatedPowerLoss"/> instead of running.</summary>
    public int? CrashAtOperation { get; set; }

    /// <summary>Operations (writes, flushes, truncations) performed so far.</summary>
    public int Operations => _operations;

    /// <summary>When set, writes past this many bytes fail like a full disk (after writing what fits).</summary>
    public long? Capacity { get; set; }

    public byte[] Current => _current.ToArray();

    public ReadOnlySpan<byte> Read(long offset, int length) => _current.Read(offset, length);

    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        Count();
        if (Capacity is long capacity && offset + data.Length > capacity)
        {
            var fits = (int)Math.Max(0, capacity - offset);
            _current.Write(offset, data[..fits]);
            _unflushed.Add((offset, data[..fits].ToArray(), -1));
            throw new IOException("No space left on device (simulated)");
        }
        _current.Write(offset, data);
        _unflushed.Add((offset, data.ToArray(), -1));
    }

    public void Flush()
    {
        Count();
        _durable = _current.ToArray();
        _unflushed.Clear();
    }

    public void Truncate(long length)
    {
        Count();
        _current.Truncate(length);
        _unflushed.Add((0, null, length));
    }

    public void Refresh()
    {
    }

    public void AcquireWriterLock(TimeSpan timeout)
    {
    }

    public void Dispose()
    {
    }

    private void Count()
    {
        if (CrashAtOperation == _operations)
        {
            CrashAtOperation = null;
            throw new SimulatedPowerLoss();
        }
        _operations++;
    }

    /// <summary>The bytes a disk could hold after power fails now (see the class remarks).</summary>
    public byte[] PowerLoss(Random random)
    {
        var ops = _unflushed.ToList();
        var chosen = random.Next(4) switch
        {
            0 => [],                                                    // nothing unflushed reached the disk
            1 => ops,                                                   // everything did
            2 => ops.Take(random.Next(ops.Count + 1)).ToList(),         // a prefix did
            _ => ops.Where(_ => random.Next(2) == 0).OrderBy(_ => random.Next()).ToList(), // any subset, reordered
        };
        var image = new MemoryDevice("image", _durable);
        for (var i = 0; i < chosen.Count; i++)
        {
            var (offset, data, truncateTo) = chosen[i];
            if (data is null)
            {
                image.Truncate(Math.Min(truncateTo, image.Length));
                continue;
            }
            var torn = i == chosen.Count - 1 && data.Length > 0 && random.Next(2) == 0;
            image.Write(offset, torn ? data.AsSpan(0, random.Next(data.Length)) : data);
        }
        return image.ToArray();
    }
}
