namespace Capsule.Storage;

/// <summary>
/// The seam between the engine and the bytes it persists. The real implementation is a file read
/// through windowed memory maps (<see cref="FileDevice"/>); tests wrap an in-memory device that simulates
/// power loss. The engine only appends, rewrites the two superblock slots, truncates a torn tail,
/// and calls <see cref="Flush"/> as its durability barrier.
/// </summary>
public interface IStorageDevice : IDisposable
{
    /// <summary>A name for error messages: the file path, or a description.</summary>
    string Name { get; }

    /// <summary>True when the device was opened for reading only.</summary>
    bool IsReadOnly { get; }

    /// <summary>The current length in bytes, including writes not yet flushed.</summary>
    long Length { get; }

    /// <summary>
    /// Returns <paramref name="length"/> bytes at <paramref name="offset"/>. The span stays valid
    /// until the next call that writes, truncates or refreshes this device.
    /// </summary>
    ReadOnlySpan<byte> Read(long offset, int length);

    /// <summary>Writes bytes at an offset (appends when the offset equals the length).</summary>
    void Write(long offset, ReadOnlySpan<byte> data);

    /// <summary>Returns only when every earlier write is durable (fsync).</summary>
    void Flush();

    /// <summary>Cuts the device to <paramref name="length"/> bytes (used to drop a torn tail).</summary>
    void Truncate(long length);

    /// <summary>Notices growth by another process (re-reads the length).</summary>
    void Refresh();

    /// <summary>
    /// Takes the single-writer lock, waiting up to <paramref name="timeout"/>; throws
    /// <see cref="CapsuleLockedException"/> when another writer keeps it. Disposing the device releases it.
    /// </summary>
    void AcquireWriterLock(TimeSpan timeout);

    /// <summary>
    /// A view of an immutable range (a persisted index) that stays valid until disposed, whatever the
    /// device does meanwhile. The default copies the bytes; a file maps them.
    /// </summary>
    MappedRange MapRange(long offset, long length) => MappedRange.Copy(this, offset, length);
}
