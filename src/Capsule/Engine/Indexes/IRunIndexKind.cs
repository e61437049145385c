using Capsule.Format;
using Capsule.Indexing.Storage;

namespace Capsule.Engine.Indexes;

/// <summary>
/// One kind of persisted index (full-text, vector, temporal): how to build it over a run's frames
/// when the tail is sealed, and how to merge the indexes of runs that merge. Each kind owns its
/// payload layout (FORMAT.md §13); the engine owns the record around it.
/// </summary>
internal interface IRunIndexKind
{
    IndexType Type { get; }

    /// <summary>The payload layout version written in the record header.</summary>
    byte Version { get; }

    /// <summary>
    /// Starts building over frames fed in ascending id order. A <see cref="IndexPurpose.Tail"/> build
    /// is held in memory for the unsealed tail and rebuilt as it grows, so it may skip costly structure
    /// (a vector graph: the tail is searched exactly).
    /// </summary>
    IRunIndexBuild Begin(IndexSettings settings, IndexPurpose purpose);

    /// <summary>
    /// A run's payload over <paramref name="frames"/> (ascending ids), all in hand at once (a bulk import's
    /// seal), or null when none contributes. A kind that can split the work across cores overrides this;
    /// the result must equal what <see cref="Begin"/> fed the same frames finishes with.
    /// </summary>
    byte[]? BuildAll(DecodedFrames frames, IndexSettings settings)
    {
        var build = Begin(settings, IndexPurpose.Run);
        foreach (var frame in frames) build.Add(frame);
        return build.Finish();
    }

    /// <summary>
    /// Merges the payloads of consecutive runs (oldest first) into one payload, or null when none of
    /// them holds anything. Linear in the inputs: no frame is re-read.
    /// </summary>
    byte[]? Merge(IReadOnlyList<IndexPayload> parts, IndexSettings settings);
}

/// <summary>What an index is built for.</summary>
internal enum IndexPurpose
{
    /// <summary>A sealed run's index record.</summary>
    Run,

    /// <summary>The in-memory index of the unsealed tail (or of an as-of view's tail).</summary>
    Tail,
}

/// <summary>An index being built over a run's frames.</summary>
internal interface IRunIndexBuild
{
    void Add(Frame frame);

    /// <summary>The payload, or null when no frame contributed (no record is written then).</summary>
    byte[]? Finish();
}
