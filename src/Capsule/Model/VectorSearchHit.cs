namespace Capsule;

/// <summary>
/// One nearest neighbour: the frame and its distance under the capsule's metric (cosine: 1 − cos,
/// dot: −dot, euclidean: L2), smaller is nearer.
/// </summary>
public readonly record struct VectorSearchHit(ulong FrameId, float Distance);
