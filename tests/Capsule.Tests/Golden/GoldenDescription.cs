using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Capsule.Tests.Golden;

/// <summary>The JSON description next to each golden file: every frame it holds, exactly.</summary>
public sealed record GoldenDescription(string File, string Format, string Description, ulong Commits, List<GoldenFrame> Frames)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static GoldenDescription Describe(string file, string description, Capsule capsule) =>
        new(file, "1.0", description, capsule.Head.Sequence,
            capsule.Frames(includeHistory: true).Select(f => GoldenFrame.From(f, capsule.IsLive(f.Id))).ToList());
}

public sealed record GoldenFrame(
    ulong Id, string Kind, string Uri, string Title, string ContentType, List<string[]> Tags, string IngestedAt, string? EventTime,
    ulong? ParentId, ulong? SupersedesId, bool Live, int PayloadBytes, string PayloadSha256, float[]? Embedding)
{
    public static GoldenFrame From(Frame f, bool live) => new(
        f.Id, f.Kind.ToString(), f.Uri, f.Title, f.ContentType, f.Tags.Select(t => new[] { t.Key, t.Value }).ToList(),
        f.IngestedAt.ToString("O"), f.EventTime?.ToString("O"), f.ParentId, f.SupersedesId, live, f.Payload.Length,
        Convert.ToHexStringLower(SHA256.HashData(f.Payload.Span)), f.Embedding);
}
