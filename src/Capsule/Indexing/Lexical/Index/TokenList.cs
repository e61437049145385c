using System.Runtime.CompilerServices;

namespace Capsule.Indexing.Lexical.Index;

/// <summary>One field's or one document's analyzed tokens: parallel growable arrays of term ids and positions.</summary>
internal sealed class TokenList
{
    private int[] _terms = new int[256];
    private int[] _positions = new int[256];

    public int Count { get; private set; }

    public ReadOnlySpan<int> Terms => _terms.AsSpan(0, Count);

    public ReadOnlySpan<int> Positions => _positions.AsSpan(0, Count);

    public void Clear() => Count = 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int term, int position)
    {
        if (Count == _terms.Length)
        {
            Array.Resize(ref _terms, Count * 2);
            Array.Resize(ref _positions, Count * 2);
        }
        _terms[Count] = term;
        _positions[Count++] = position;
    }
}
