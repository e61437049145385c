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
}
