namespace Capsule.Engine.Indexes;

/// <summary>The index kinds every sealed run carries, in the order their records are written.</summary>
internal static class IndexKinds
{
    public static IReadOnlyList<IRunIndexKind> All { get; } = [FullTextIndexKind.Instance, VectorIndexKind.Instance, TemporalIndexKind.Instance];
}
