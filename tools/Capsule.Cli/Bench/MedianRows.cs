using System.Globalization;

namespace Capsule.Cli.Bench;

/// <summary>
/// Combines the tables of repeated benchmark rounds into one: each numeric cell becomes the median of
/// that cell over the rounds, written with the decimals and unit (" s") of the first round's cell. On a
/// shared machine a burst of load from a neighbour lands on one round of one engine; the median of
/// several alternating rounds is the figure that compares the engines rather than the moments.
/// </summary>
internal static class MedianRows
{
    /// <exception cref="InvalidOperationException">The rounds' tables differ in shape or row labels.</exception>
    public static List<string[]> Combine(IReadOnlyList<List<string[]>> rounds)
    {
        var first = rounds[0];
        if (rounds.Any(r => r.Count != first.Count || r.Zip(first).Any(p => p.First[0] != p.Second[0] || p.First.Length != p.Second.Length)))
        {
            throw new InvalidOperationException("the benchmark rounds produced different tables; compare single rounds instead");
        }
        var combined = new List<string[]>();
        for (var row = 0; row < first.Count; row++)
        {
            var cells = (string[])first[row].Clone();
            for (var column = 1; column < cells.Length; column++)
            {
                var values = rounds.Select(r => Number(r[row][column])).ToList();
                if (values.All(v => v is not null))
                {
                    cells[column] = Format(Median(values.Select(v => v!.Value)), cells[column]);
                }
            }
            combined.Add(cells);
        }
        return combined;
    }

    /// <summary>The median of <paramref name="values"/> (the lower middle one for an even count, as <see cref="Combine"/>).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[(sorted.Count - 1) / 2];
    }

    private static double? Number(string cell)
    {
        var text = cell.EndsWith(" s", StringComparison.Ordinal) ? cell[..^2] : cell;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    private static string Format(double value, string like)
    {
        var unit = like.EndsWith(" s", StringComparison.Ordinal) ? " s" : "";
        var number = unit.Length > 0 ? like[..^2] : like;
        var dot = number.IndexOf('.');
        var decimals = dot < 0 ? 0 : number.Length - dot - 1;
        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + unit;
    }
}
