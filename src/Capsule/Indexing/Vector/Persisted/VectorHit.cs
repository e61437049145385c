namespace Capsule.Indexing.Vector.Persisted;

/// <summary>One result of a persisted index search: the frame and its distance to the query (smaller is nearer).</summary>
public readonly record struct VectorHit(ulong FrameId, float Distance);
