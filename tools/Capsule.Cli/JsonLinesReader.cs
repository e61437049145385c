using System.Text.Json;

namespace Capsule.Cli;

/// <summary>
/// Reads a JSON-lines file (one JSON object per line; blank lines skipped) and maps each object.
/// Every failure names the line, since a line number is what lets a user fix a large file.
/// </summary>
internal sealed class JsonLinesReader(Stream stream, string sourceName)
{
    /// <summary>How far into the file reading has got (buffered, so approximate): drives the progress bar.</summary>
    public long Position => stream.Position;

    public long Length => stream.Length;

    /// <exception cref="FormatException">A line is not a JSON object, or <paramref name="map"/> rejected it.</exception>
    public IEnumerable<(int Line, T Value)> Read<T>(Func<JsonElement, T> map)
    {
        using var reader = new StreamReader(stream, leaveOpen: true); // detects and skips a UTF-8 BOM
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            T value;
            try
            {
                using var document = JsonDocument.Parse(line);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new FormatException($"expected a JSON object, found {document.RootElement.ValueKind.ToString().ToLowerInvariant()}");
                }
                value = map(document.RootElement);
            }
            catch (Exception e) when (e is JsonException or FormatException)
            {
                throw LineError(number, e);
            }
            yield return (number, value);
        }
    }

    /// <summary>An error that names the source file and line.</summary>
    public FormatException LineError(int line, Exception e)
    {
        // JsonException counts lines within the one-line document, so its "LineNumber: 0" would only confuse.
        var message = e is JsonException { BytePositionInLine: { } column }
            ? $"not valid JSON at column {column + 1}: {StripPosition(e.Message)}"
            : e.Message;
        return new FormatException($"{sourceName} line {line}: {message}", e);
    }

    private static string StripPosition(string message)
    {
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return at < 0 ? message : message[..at];
    }
}
