using System.Runtime.InteropServices;

namespace Capsule.Format;

internal static class ListSpans
{
    /// <summary>
    /// <paramref name="list"/> as a span: its own storage when it is an array or a <see cref="List{T}"/> (what
    /// callers and the engine pass), a copy otherwise. Encoders read lists this way because an array read
    /// through the list interface dispatches to array helpers the JIT compiles for each element type, in every
    /// process, on its first put or commit.
    /// </summary>
    public static ReadOnlySpan<T> Of<T>(IReadOnlyList<T> list) => list switch
    {
        T[] array => array,
        List<T> items => CollectionsMarshal.AsSpan(items),
        _ => list.ToArray(),
    };
}
