namespace Capsule.Indexing.Lexical.Index;

/// <summary>
/// Bytes a cursor decodes from: a builder's array, or a verified range of a mapped payload.
/// </summary>
/// <remarks>SAFETY: a pointer source is created only after <c>IndexPayload.EnsureVerified</c> of the
/// whole range and lives no longer than the search that holds the payload open.</remarks>
internal readonly unsafe struct ByteSource
{
    private readonly byte[]? _array;
    private readonly byte* _pointer;

    public ByteSource(byte[] array, int length)
    {
        _array = array;
        Length = length;
    }

    private ByteSource(byte* pointer, int length)
    {
        _pointer = pointer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlySpan<byte> Span => _array is not null ? _array.AsSpan(0, Length) : new ReadOnlySpan<byte>(_pointer, Length);

    /// <summary>SAFETY: [<paramref name="pointer"/>, +<paramref name="length"/>) must be verified, readable payload bytes.</summary>
    public static ByteSource FromVerifiedPointer(byte* pointer, int length) => new(pointer, length);
}
