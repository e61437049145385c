using System.Runtime.CompilerServices;

namespace Capsule.Indexing.Lexical.Index;

/// <summary>
/// The memo of a build's analysis: surface form (a word token as written) → term id, or −1 when the analyzer
/// drops it (<see cref="TokenCollector"/>). Short ASCII forms, nearly every token, are looked up packed
/// (<see cref="PackedFormMap"/>); the others as spans (<see cref="SpanIntMap"/>). Any number of threads read and add
/// to it (both maps are safe for that); a form is analyzed once however many threads meet it.
/// </summary>
/// <remarks>
/// A lookup in the span map hashed the form's chars (Marvin), read its slot, its entry and its chars, and compared
/// them: a third of med's analysis. The packed map reads one slot and compares two words.
/// </remarks>
internal sealed class FormMemo
{
    private readonly PackedFormMap _packed;
    private readonly SpanIntMap _others;

    /// <param name="expectedForms">Forms the memo is sized for before it grows.</param>
    /// <param name="maxForms">Forms each of its two maps holds at most: a text of odd tokens cannot grow it without end.</param>
    public FormMemo(int expectedForms, int maxForms)
    {
        _packed = new PackedFormMap(expectedForms, maxForms);
        _others = new SpanIntMap(expectedForms / 16, maxForms); // med: 1 distinct form in 70 is longer than 16 chars or not ASCII
    }

    /// <summary>
    /// The value of the form <c>text[start..(start + length)]</c>, if the memo holds it; <paramref name="key"/> is the
    /// form packed (or <see cref="PackedForm.None"/>), for <see cref="GetOrAdd"/>.
    /// </summary>
    [MethodImpl(HotPath.OptimizeInline)]
    public bool TryGetValue(ReadOnlySpan<char> text, int start, int length, out PackedForm key, out int value)
    {
        key = PackedForm.Of(text, start, length);
        return key.IsPacked ? _packed.TryGetValue(key, out value) : _others.TryGetValue(text.Slice(start, length), out value);
    }

    /// <summary>
    /// Adds <paramref name="form"/> → <paramref name="value"/> unless it is there already, given the key
    /// <see cref="TryGetValue"/> returned for it; returns the value the memo holds for the form (<paramref name="value"/>
    /// unstored when the memo is full).
    /// </summary>
    /// <remarks>A full map is seen before its lock is taken: past the cap, every new form would otherwise lock for nothing.</remarks>
    public int GetOrAdd(PackedForm key, ReadOnlySpan<char> form, int value) =>
        key.IsPacked ? (_packed.IsFull ? value : _packed.GetOrAdd(key, value)) : (_others.IsFull ? value : _others.GetOrAdd(form, value));
}
