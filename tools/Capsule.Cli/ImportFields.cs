using System.Text.Json;

namespace Capsule.Cli;

/// <summary>One imported line: what becomes a frame.</summary>
internal sealed record ImportRecord(string Id, string Text, string Title, DateTimeOffset? Time, float[]? Embedding);

/// <summary>Which JSON fields of an imported line hold the id, text, title and time.</summary>
internal sealed record ImportFields(string Id, string Text, string Title, string Time, string? Embedding = null)
{
    /// <exception cref="FormatException">A required field is missing or a field has the wrong type.</exception>
    public ImportRecord Map(JsonElement line)
    {
        var id = line.TryGetProperty(Id, out var idValue) ? idValue.ValueKind switch
        {
            JsonValueKind.String => idValue.GetString()!,
            // The number's own digits, so 42 and 42.0 stay as written rather than being re-formatted.
            JsonValueKind.Number => idValue.GetRawText(),
            _ => throw Invalid(Id, "a string or a number", idValue),
        } : throw Missing(Id);
        if (id.Length == 0)
        {
            throw new FormatException($"field '{Id}' is empty");
        }
        var text = line.TryGetProperty(Text, out var textValue) ? StringOf(Text, textValue) ?? throw Missing(Text) : throw Missing(Text);
        var title = line.TryGetProperty(Title, out var titleValue) ? StringOf(Title, titleValue) ?? "" : "";
        float[]? embedding = null;
        if (Embedding is not null)
        {
            embedding = line.TryGetProperty(Embedding, out var vector) ? VectorOf(vector) : throw Missing(Embedding);
        }
        return new ImportRecord(id, text, title, line.TryGetProperty(Time, out var time) ? TimeOf(time) : null, embedding);
    }

    private float[] VectorOf(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            throw Invalid(Embedding!, "a non-empty array of numbers", value);
        }
        var vector = new float[value.GetArrayLength()];
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetSingle(out vector[i]) || !float.IsFinite(vector[i]))
            {
                throw new FormatException($"field '{Embedding}' element {i} is not a finite number");
            }
            i++;
        }
        return vector;
    }

    private static string? StringOf(string field, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        _ => throw Invalid(field, "a string", value),
    };

    private DateTimeOffset? TimeOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => FrameFields.ParseTime(value.GetString()!),
        JsonValueKind.Number => FrameFields.FromUnixSeconds(value.GetDouble()),
        JsonValueKind.Null => null,
        _ => throw Invalid(Time, "an ISO-8601 string or unix seconds", value),
    };

    private static FormatException Missing(string field) => new($"missing field '{field}'");

    private static FormatException Invalid(string field, string expected, JsonElement value) =>
        new($"field '{field}' must be {expected}, not {value.ValueKind.ToString().ToLowerInvariant()}");
}
