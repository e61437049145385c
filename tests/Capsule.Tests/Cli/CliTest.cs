using Capsule.Tests.Infrastructure;

namespace Capsule.Tests.Cli;

/// <summary>Base of the CLI tests: each test gets its own temp directory, deleted afterwards.</summary>
public abstract class CliTest : IDisposable
{
    protected TempDirectory Dir { get; } = new();

    /// <summary>Runs <c>capsule create</c> for a new file in the temp directory and returns its path.</summary>
    protected string CreateCapsule(string name = "t.mvc")
    {
        var file = Dir.File(name);
        CliRunner.Ok("create", file);
        return file;
    }

    public void Dispose()
    {
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }
}
