namespace Capsule.Indexing.Vector;

/// <summary>
/// How two vectors are compared. Every metric is turned into a distance where smaller means nearer,
/// so one heap order serves all three (see <see cref="Distance.Compute"/>).
/// </summary>
public enum VectorMetric
{
    /// <summary>
    /// Cosine distance, <c>1 - a·b</c>. The vectors must already be unit length (normalize once on
    /// insert with <see cref="Distance.Normalize"/>): that turns a cosine into a dot product and saves
    /// two norms per comparison, which is how hnswlib's "cosine" space works too.
    /// </summary>
    Cosine = 0,

    /// <summary>Negated inner product, <c>-a·b</c>, for maximum-inner-product search.</summary>
    Dot = 1,

    /// <summary>
    /// Euclidean distance. Reported un-squared because TensorPrimitives 10.0.0 has
    /// <c>Distance</c> (with the square root) but no squared-distance kernel; the square root is
    /// monotone, so rankings equal those by squared distance (and TEXMEX ground truth).
    /// </summary>
    L2 = 2,
}
