using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Spectre.Console;

namespace Capsule.Cli;

/// <summary>
/// Everything commands print goes through here, so that a terminal gets Spectre tables and a pipe
/// gets plain, aligned, stable text (no colour codes, no box characters in scripts).
/// </summary>
internal static class Output
{
    public static bool IsTerminal => !Console.IsOutputRedirected;

    /// <summary>Prints one value as indented JSON, through its serializer in <see cref="CliJson"/>.</summary>
    public static void WriteJson<T>(T value, JsonTypeInfo<T> type) => Console.Out.WriteLine(JsonSerializer.Serialize(value, type));

    /// <summary>Writes bytes to stdout unchanged: a payload may be binary, and a TextWriter would re-encode it.</summary>
    public static void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        Console.Out.Flush();
        using var stdout = Console.OpenStandardOutput();
        stdout.Write(bytes);
        stdout.Flush();
    }

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Count(ulong value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>"1 commit", "2 commits", "1,024 frames": a count with its noun, plural unless exactly one.</summary>
    public static string Counted(long value, string noun) => $"{Count(value)} {noun}{(value == 1 ? "" : "s")}";

    public static string Counted(ulong value, string noun) => $"{Count(value)} {noun}{(value == 1 ? "" : "s")}";

    /// <summary>Bytes in binary units, e.g. "1.5 MiB"; exact byte counts are in --json.</summary>
    public static string Size(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (Math.Abs(value) >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes} B" : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }

    public static string Ratio(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>A table as a Spectre table on a terminal, or as aligned plain text in a pipe.</summary>
    /// <param name="rightAligned">Columns holding numbers, aligned right so the digits line up.</param>
    public static void Table(string? title, string[] headers, IReadOnlyList<string[]> rows, params int[] rightAligned)
    {
        if (IsTerminal)
        {
            var table = new Table { Title = title is null ? null : new TableTitle(title) };
            for (var c = 0; c < headers.Length; c++)
            {
                var column = new TableColumn(new Text(headers[c]));
                table.AddColumn(rightAligned.Contains(c) ? column.RightAligned() : column);
            }
            foreach (var row in rows)
            {
                // Text, not markup: values such as uris may contain '[' which markup would parse.
                table.AddRow(row.Select(cell => (Spectre.Console.Rendering.IRenderable)new Text(cell)));
            }
            AnsiConsole.Write(table);
            return;
        }
        if (title is not null)
        {
            Console.Out.WriteLine(title);
        }
        foreach (var line in Align([headers, .. rows], rightAligned))
        {
            Console.Out.WriteLine(line);
        }
        Console.Out.WriteLine();
    }

    /// <summary>Pads each column to its widest cell, two spaces apart, without trailing blanks.</summary>
    public static IEnumerable<string> Align(IReadOnlyList<string[]> rows, params int[] rightAligned)
    {
        var columns = rows.Count == 0 ? 0 : rows.Max(r => r.Length);
        var widths = new int[columns];
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++) widths[c] = Math.Max(widths[c], row[c].Length);
        }
        foreach (var row in rows)
        {
            var line = new StringBuilder();
            for (var c = 0; c < row.Length; c++)
            {
                if (c > 0) line.Append("  ");
                line.Append(rightAligned.Contains(c) ? row[c].PadLeft(widths[c]) : row[c].PadRight(widths[c]));
            }
            yield return line.ToString().TrimEnd();
        }
    }
}
