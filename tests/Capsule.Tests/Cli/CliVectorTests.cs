using System.Text;
using System.Text.Json;
using Capsule.Indexing.Vector;

namespace Capsule.Tests.Cli;

/// <summary>import-vectors, knn and import --embedding-field, checked against exact answers computed here.</summary>
public sealed class CliVectorTests : CliTest
{
    private static float[] Vectors(int rows, int dimension, int seed)
    {
        var random = new Random(seed);
        var values = new float[rows * dimension];
        for (var i = 0; i < values.Length; i++) values[i] = (float)random.NextDouble();
        return values;
    }

    [Theory]
    [InlineData(".fvecs")]
    [InlineData(".npy")]
    public void KnnOverImportedVectorsAnswersWithTheSourceRowsOfTheExactNeighbours(string extension)
    {
        const int rows = 300, dimension = 8, k = 5;
        var values = Vectors(rows, dimension, 1);
        var source = Dir.File("base" + extension);
        if (extension == ".fvecs") FvecsWriter.WriteFvecs(source, values, dimension);
        else WriteNpy(source, values, rows, dimension);
        var queries = Vectors(4, dimension, 2);
        var queryFile = Dir.File("q.fvecs");
        FvecsWriter.WriteFvecs(queryFile, queries, dimension);
        var file = Dir.File("v.mvc");
        Assert.Contains("imported 300 vectors of 8 dimensions", CliRunner.Ok("import-vectors", file, source, "--metric", "l2", "--model", "unit-test").Stdout);
        var binding = JsonDocument.Parse(CliRunner.Ok("info", file, "--json").Stdout).RootElement.GetProperty("indexing").GetProperty("embedding");
        Assert.Equal((8, "L2", "unit-test"), (binding.GetProperty("dimension").GetInt32(), binding.GetProperty("metric").GetString(), binding.GetProperty("model").GetString()));
        var result = Dir.File("r.ivecs");
        var run = CliRunner.Ok("knn", file, "--queries", queryFile, "-k", k.ToString(), "--out", result, "--exact");
        Assert.Contains("4 queries, k=5: p50", run.Stderr);
        var found = FvecsReader.ReadIvecs(result);
        for (var q = 0; q < 4; q++)
        {
            var query = queries.AsSpan(q * dimension, dimension).ToArray();
            var expected = Enumerable.Range(0, rows)
                .OrderBy(r => Distance.Euclidean(query, values.AsSpan(r * dimension, dimension))).ThenBy(r => r).Take(k).ToArray();
            Assert.Equal(expected, found.Row(q).ToArray());
        }
        // A different model or dimension is refused, naming what the capsule holds.
        var clash = CliRunner.Run("import-vectors", file, source, "--metric", "l2", "--model", "other");
        Assert.Equal(1, clash.ExitCode);
        Assert.Contains("unit-test", clash.Stderr);
    }

    [Fact]
    public void ImportWithAnEmbeddingFieldStoresTheVectorsBesideTheText()
    {
        var source = Dir.File("docs.jsonl");
        File.WriteAllText(source,
            "{\"id\":\"a\",\"text\":\"alpha\",\"embedding\":[1,0,0]}\n{\"id\":\"b\",\"text\":\"beta\",\"embedding\":[0,1,0]}\n{\"id\":\"c\",\"text\":\"gamma\",\"embedding\":[0,0.9,0.1]}\n");
        var file = Dir.File("e.mvc");
        CliRunner.Ok("import", file, source, "--embedding-field", "embedding", "--metric", "cos");
        using var capsule = Capsule.Open(file, new CapsuleOptions { ReadOnly = true });
        Assert.Equal(VectorMetric.Cosine, capsule.Settings.Embedding!.Metric);
        Assert.True(capsule.TryGetByUri("doc/c", out var c));
        Assert.Equal([0f, 0.9f, 0.1f], c.Embedding!);
        var nearest = capsule.SearchVectors([0f, 1f, 0f], new VectorSearchOptions { K = 2 });
        Assert.Equal(["doc/b", "doc/c"], nearest.Select(h => capsule.Get(h.FrameId).Uri).ToArray());

        var bad = Dir.File("bad.jsonl");
        File.WriteAllText(bad, "{\"id\":\"x\",\"text\":\"x\",\"embedding\":[1,\"two\"]}\n");
        var error = CliRunner.Run("import", Dir.File("bad.mvc"), bad, "--embedding-field", "embedding");
        Assert.Equal(1, error.ExitCode);
        Assert.Contains("element 1", error.Stderr);
    }

    [Fact]
    public void TimelineListsCommitsNewestFirstAndRejectsAnUnknownExpression()
    {
        var file = CreateCapsule();
        CliRunner.Ok("put", file, "one");
        CliRunner.Ok("put", file, "two");
        var json = JsonDocument.Parse(CliRunner.Ok("timeline", file, "--json", "--since", "1 hour ago").Stdout).RootElement;
        Assert.Equal([2UL, 1UL], json.EnumerateArray().Select(c => c.GetProperty("commit").GetUInt64()).ToArray());
        Assert.Empty(JsonDocument.Parse(CliRunner.Ok("timeline", file, "--json", "--until", "2000-01-01").Stdout).RootElement.EnumerateArray());
        var frames = JsonDocument.Parse(CliRunner.Ok("timeline", file, "--frames", "--json", "--since", "today").Stdout).RootElement;
        Assert.Equal([1UL, 0UL], frames.EnumerateArray().Select(f => f.GetProperty("id").GetUInt64()).ToArray());
        var bad = CliRunner.Run("timeline", file, "--since", "the day after the party");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("yesterday", bad.Stderr); // the error lists the forms it understands
    }

    private static void WriteNpy(string path, float[] values, int rows, int dimension)
    {
        var header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({rows}, {dimension}), }}";
        var padded = header.PadRight(((10 + header.Length + 1 + 63) / 64 * 64) - 10 - 1) + "\n";
        using var stream = File.Create(path);
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        stream.Write(BitConverter.GetBytes((ushort)padded.Length));
        stream.Write(Encoding.ASCII.GetBytes(padded));
        foreach (var v in values) stream.Write(BitConverter.GetBytes(v));
    }
}
