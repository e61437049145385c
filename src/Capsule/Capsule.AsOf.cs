using Capsule.Engine;
using Capsule.Storage;

namespace Capsule;

public sealed partial class Capsule
{
    /// <summary>
    /// Opens a read-only view of the capsule as of an earlier point: every read (Get, TryGet,
    /// TryGetHistorical, TryGetByUri, IsLive, Frames, Stats, Segments, Head, NextFrameId, Commits)
    /// answers as it would have then. Nothing on disk changes and no writer lock is taken. Writes throw
    /// <see cref="InvalidOperationException"/>; <see cref="Refresh"/> returns false. Finding the point
    /// reads the commit records from the head back to it (small records, O(commits)); the rest costs
    /// what a normal open costs.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The point is beyond the head (a later commit or frame than exist).</exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="CorruptCapsuleException">A record the view depends on is damaged.</exception>
    public static Capsule OpenAsOf(string path, AsOf point, CapsuleOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(point);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"no capsule at {path}", path);
        }
        return OpenViewOn(FileDevice.Open(path, readOnly: true), point, options ?? new CapsuleOptions());
    }

    /// <summary>As above, on a device. The view owns the device from here on and disposes it; it never writes to it.</summary>
    public static Capsule OpenAsOf(IStorageDevice device, AsOf point, CapsuleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(point);
        return OpenViewOn(device, point, options ?? new CapsuleOptions());
    }

    private static Capsule OpenViewOn(IStorageDevice device, AsOf point, CapsuleOptions options)
    {
        try
        {
            options.Validate();
            device.Refresh();
            var choice = Recovery.ReadSuperblocks(device);
            device = Unseal(device, choice.Chosen, options);
            device.Refresh(); // as in OpenOn: the commit the superblock names lies within a fresh length
            var head = Recovery.FindHead(device, choice.Chosen);
            Recovery.SelectBranch(device, head, options.Branch);
            var state = Timeline.StateAsOf(device, head, point);
            state.Branch = head.Branch; // the view belongs to the branch it was taken on, in the file as it is now
            state.Newest = head.Newest;
            state.NewestOffset = head.NewestOffset;
            return new Capsule(device, options, state, choice.Chosen, 1 - choice.ChosenSlot, view: true);
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }
}
