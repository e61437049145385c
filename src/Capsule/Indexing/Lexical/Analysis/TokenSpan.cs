namespace Capsule.Indexing.Lexical.Analysis;

/// <summary>
/// One token as the <see cref="Tokenizer"/> finds it: source chars [<see cref="Start"/>, <see cref="End"/>)
/// of the analyzed text (UTF-16 offsets, so <c>text[Start..End]</c> is the token's source, for
/// snippet highlighting) and its <see cref="Position"/> in the token stream (for phrase queries).
/// </summary>
public readonly record struct TokenSpan(int Start, int End, int Position, bool IsCjk);
