namespace Capsule.Tests;

/// <summary>Where the repository's spec files are: copies next to the test assembly, and the sources (for regeneration).</summary>
public static class RepoPaths
{
    public static string GoldenDirectory => Path.Combine(AppContext.BaseDirectory, "golden");

    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Capsule.sln")))
                {
                    return dir.FullName;
                }
            }
            throw new InvalidOperationException("Capsule.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string SourceGoldenDirectory => Path.Combine(RepoRoot, "spec", "golden");

    public static string VectorsDirectory => Path.Combine(RepoRoot, "spec", "vectors");

    /// <summary>
    /// A program built by the solution in the same configuration as this test assembly:
    /// &lt;repo&gt;/tests/Capsule.Tests/bin/&lt;Configuration&gt;/net10.0/ → &lt;repo&gt;/&lt;project&gt;/bin/&lt;Configuration&gt;/net10.0/&lt;dll&gt;.
    /// </summary>
    public static string BuiltProgram(string projectDirectory, string dllName)
    {
        var testDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testDirectory.Name;
        var configuration = testDirectory.Parent?.Name ?? throw new InvalidOperationException($"unexpected test output directory {testDirectory}");
        var dll = Path.Combine(RepoRoot, projectDirectory, "bin", configuration, framework, dllName);
        if (!File.Exists(dll))
        {
            Assert.Fail($"{dll} does not exist: build the solution first (dotnet build Capsule.sln -c {configuration})");
        }
        return dll;
    }
}
