using System.CommandLine;
using System.Globalization;

namespace Capsule.Cli;

/// <summary>
/// The (FRAME-ID | URI) argument of get and delete: a plain unsigned number is a frame id, anything
/// else is a uri. Imported uris look like "doc/42", so they never read as numbers.
/// </summary>
internal static class FrameArgument
{
    public static Argument<string> Create() => new("frame") { Description = "A frame id (a number) or a uri" };

    public static bool TryParseId(string value, out ulong id) =>
        ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out id);

    /// <summary>The live frame the argument names.</summary>
    /// <exception cref="KeyNotFoundException">No live frame has this id or uri.</exception>
    public static Frame Resolve(CapsuleFile capsule, string value)
    {
        if (TryParseId(value, out var id))
        {
            return capsule.TryGet(id, out var byId) ? byId : throw new KeyNotFoundException($"frame {id} not found");
        }
        return capsule.TryGetByUri(value, out var byUri) ? byUri : throw new KeyNotFoundException($"no live frame has uri '{value}'");
    }
}
