using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Capsule.Indexing.Lexical.Index;

/// <summary>
/// Per-document data of one part, by document ordinal (0-based, in frame-id order): the frame id and
/// the length in terms of each field. Arrays for a builder, mapped bytes for a persisted part.
/// </summary>
/// <remarks>SAFETY: the pointer form is created over verified bytes (<see cref="Persisted.LexicalPayloadLayout"/>:
/// 8 bytes of frame id and 8 of lengths per document), and callers pass ordinals below <see cref="Count"/>
/// (postings decoding checks every ordinal against it).</remarks>
internal readonly unsafe struct DocTable
{
    private readonly ulong[]? _frames;
    private readonly int[]? _lengths;
    private readonly byte* _frameBase;
    private readonly byte* _lengthBase;

    /// <summary>A builder's table: <paramref name="lengths"/> holds the text and title length of document i at 2i and 2i + 1.</summary>
    public DocTable(ulong[] frames, int[] lengths, int count)
    {
        _frames = frames;
        _lengths = lengths;
        Count = count;
    }

    private DocTable(byte* frameBase, byte* lengthBase, int count)
    {
        _frameBase = frameBase;
        _lengthBase = lengthBase;
        Count = count;
    }

    public int Count { get; }

    /// <summary>SAFETY: both ranges (8 · count bytes each) must be verified payload bytes.</summary>
    public static DocTable FromVerifiedPointers(byte* frameBase, byte* lengthBase, int count) => new(frameBase, lengthBase, count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong FrameId(int doc) =>
        _frames is not null ? _frames[doc] : BinaryPrimitives.ReadUInt64LittleEndian(new ReadOnlySpan<byte>(_frameBase + 8L * doc, 8));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int TextLength(int doc) => Length(2 * doc);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int TitleLength(int doc) => Length(2 * doc + 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Length(int slot) =>
        _lengths is not null ? _lengths[slot] : (int)BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(_lengthBase + 4L * slot, 4));
}
