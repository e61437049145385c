using System.Security.Cryptography;
using System.Text;

namespace Capsule.Fuzz;

/// <summary>Writes a finding as a .bin file and a ready-to-paste xunit test.</summary>
public static class ReproWriter
{
    /// <summary>Zero gaps shorter than this stay inside a run; longer ones split it.</summary>
    private const int GapToSplit = 12;

    public static string Id(Finding f) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(f.Outcome.Signature)))[..10].ToLowerInvariant();

    public static (string BinPath, string CsPath) Write(Finding f, string directory)
    {
        Directory.CreateDirectory(directory);
        var id = Id(f);
        var bin = Path.Combine(directory, $"finding-{id}.bin");
        var cs = Path.Combine(directory, $"finding-{id}.cs");
        File.WriteAllBytes(bin, f.Input);
        File.WriteAllText(cs, Snippet(f));
        return (bin, cs);
    }

    /// <summary>
    /// The test body. Capsule files are at least 8 KiB (two superblock slots) but mostly zeros, so
    /// the bytes are written sparsely: the length and the non-zero runs, each as hex.
    /// </summary>
    public static string Snippet(Finding f)
    {
        var sb = new StringBuilder();
        var replays = Mutation.ApplyAll(f.Seed.Bytes, f.Mutations).AsSpan().SequenceEqual(f.Input);
        sb.AppendLine($"// {f.Outcome.Signature}");
        sb.AppendLine($"// {OneLine(f.Outcome.Detail)}");
        sb.AppendLine($"// Found from seed \"{f.Seed.Name}\" with {(replays ? "" : "(then shrunk byte-wise) ")}these mutations:");
        foreach (var m in f.Mutations)
        {
            sb.AppendLine($"//   {m.ToCSharp()},");
        }
        sb.AppendLine("[Fact]");
        sb.AppendLine($"public void Finding_{Id(f)}()");
        sb.AppendLine("{");
        var runs = Runs(f.Input);
        sb.AppendLine($"    var bytes = ReproBytes.Sparse({f.Input.Length}{(runs.Count == 0 ? ");" : ",")}");
        for (var i = 0; i < runs.Count; i++)
        {
            var (at, length) = runs[i];
            sb.AppendLine($"        ({at}, \"{Convert.ToHexString(f.Input.AsSpan(at, length))}\"){(i == runs.Count - 1 ? ");" : ",")}");
        }
        sb.AppendLine("    AssertNoFinding(bytes);");
        sb.AppendLine("}");
        return sb.ToString();
    }

    private static string OneLine(string s) => s.ReplaceLineEndings(" ");

    /// <summary>The non-zero runs of <paramref name="bytes"/>, merging runs separated by short zero gaps.</summary>
    public static List<(int At, int Length)> Runs(ReadOnlySpan<byte> bytes)
    {
        var runs = new List<(int, int)>();
        var i = 0;
        while (i < bytes.Length)
        {
            if (bytes[i] == 0)
            {
                i++;
                continue;
            }
            var start = i;
            var end = i + 1; // one past the last non-zero byte of this run
            for (var j = i + 1; j < bytes.Length && j - end < GapToSplit; j++)
            {
                if (bytes[j] != 0) end = j + 1;
            }
            runs.Add((start, end - start));
            i = end;
        }
        return runs;
    }
}

/// <summary>Builds the bytes of a sparse repro: a zeroed buffer with hex runs written in at offsets.</summary>
public static class ReproBytes
{
    public static byte[] Sparse(int length, params (int At, string Hex)[] runs)
    {
        var bytes = new byte[length];
        foreach (var (at, hex) in runs)
        {
            Convert.FromHexString(hex).CopyTo(bytes, at);
        }
        return bytes;
    }
}
