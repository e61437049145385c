namespace Capsule.Indexing.Vector;

/// <summary>
/// A TEXMEX vector file (<c>.fvecs</c>/<c>.ivecs</c>) that cannot be read: truncated, a row whose
/// dimension differs from the first row's, or a dimension out of range. Carries the file, the row
/// and the byte offset where reading stopped.
/// </summary>
public sealed class VectorFileException : CapsuleException
{
    public VectorFileException(string message, string path, int row, long offset)
        : base($"{message} in row {row}", path, offset)
    {
        Row = row;
    }

    /// <summary>The zero-based row that could not be read.</summary>
    public int Row { get; }
}
