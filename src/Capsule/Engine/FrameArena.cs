namespace Capsule.Engine;

/// <summary>
/// Where a writer keeps its pending frames' encoded bytes: appended end to end into large chunks instead
/// of one array per frame. Consecutive frames are then usually adjacent in memory, so a segment block (a
/// run of consecutive frames) is compressed straight from here without first being copied together, and
/// a bulk commit allocates a few chunks rather than one small array per frame.
/// </summary>
internal sealed class FrameArena
{
    /// <summary>Largest chunk: large enough that few blocks straddle two chunks.</summary>
    private const int MaxChunkBytes = 1 << 20;

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
