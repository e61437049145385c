namespace Capsule.Format;

/// <summary>The leading fields of a frame (FORMAT.md §5) up to its title: what a search hit shows.</summary>
internal readonly record struct FrameHead(ulong Id, FrameKind Kind, ulong? SupersedesId, string Uri, string Title);
