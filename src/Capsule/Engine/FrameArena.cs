namespace Capsule.Engine;

/// <summary>
/// Where a writer keeps its pending frames' encoded bytes: appended end to end into large chunks instead
/// of one array per frame. Consecutive frames are then usually adjacent in memory, so a segment block (a
/// run of consecutive frames) is compressed straight from here without first being copied together, and
/// a bulk commit allocates a few chunks rather than one small array per frame.
/// </summary>
internal sealed class FrameArena
{
    /// <summary>
    /// Largest chunk: 64 KiB, below the runtime's large-object threshold (85,000 bytes). The arena lives for
    /// one commit, and large objects are reclaimed only by full collections: with 1 MiB chunks, a bulk commit
    /// of cran (1.6 MB of frames) put 2 MB on the large object heap, which with the seal's own buffers set off
    /// a full blocking collection in the middle of the seal (13 ms with every thread stopped). A 16 KiB
    /// segment block still lies within one chunk three times in four; the rest are gathered (SegmentBuilder).
    /// </summary>
    private const int MaxChunkBytes = 64 * 1024;

    /// <summary>First chunk: a commit of a few small frames (an agent's usual commit) stays small.</summary>
    private const int FirstChunkBytes = 4096;

    private byte[] _chunk = [];
    private int _used;

    /// <summary>Copies <paramref name="bytes"/> in and returns where they now live (valid for the arena's lifetime).</summary>
    public ReadOnlyMemory<byte> Add(ReadOnlySpan<byte> bytes)
    {
        if (_chunk.Length - _used < bytes.Length)
        {
            // Chunks double up to the largest size; a frame larger than that gets a chunk of its own size.
            // The rest of the old chunk stays unused.
            var size = Math.Clamp(_chunk.Length * 2, FirstChunkBytes, MaxChunkBytes);
            _chunk = new byte[Math.Max(size, bytes.Length)];
            _used = 0;
        }
        bytes.CopyTo(_chunk.AsSpan(_used));
        var stored = _chunk.AsMemory(_used, bytes.Length);
        _used += bytes.Length;
        return stored;
    }
}
