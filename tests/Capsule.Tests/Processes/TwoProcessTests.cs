using Capsule.Tests.Infrastructure;

namespace Capsule.Tests.Processes;

/// <summary>One writer across processes: a second writer gets the typed lock error naming the holder, readers are never blocked, nothing corrupts.</summary>
public sealed class TwoProcessTests
{
    [Fact]
    public void SecondWriterInAnotherProcessGetsTheLockErrorAndReadersStillWork()
    {
        using var dir = new TempDirectory();
        var path = dir.File("shared.mvc");
        using (var capsule = Capsule.Create(path))
        {
            capsule.Put("before the other process", uri: "note/1");
            capsule.Commit();
        }
        using var holder = new ChildProcess("hold", path);
        Assert.Equal($"locked {holder.Id}", holder.ReadLine(TimeSpan.FromSeconds(30)));

        var error = Assert.Throws<CapsuleLockedException>(() => Capsule.Open(path));
        Assert.Equal(holder.Id, error.HolderProcessId);
        Assert.Contains($"process {holder.Id}", error.Message);
        var waited = Assert.Throws<CapsuleLockedException>(() => Capsule.Open(path, new CapsuleOptions { LockTimeout = TimeSpan.FromMilliseconds(300) }));
        Assert.Equal(path, waited.FilePath);

        using (var reader = Capsule.Open(path, new CapsuleOptions { ReadOnly = true }))
        {
            Assert.True(reader.TryGetByUri("note/1", out var frame));
            Assert.Equal("before the other process", frame.Text);
        }

        holder.WriteLine("release");
        Assert.True(holder.WaitForExit(TimeSpan.FromSeconds(30)));
        using (var writer = Capsule.Open(path, new CapsuleOptions { LockTimeout = TimeSpan.FromSeconds(5) }))
        {
            writer.Put("after", uri: "note/2");
            writer.Commit();
        }
        Assert.True(Capsule.Verify(path).Ok);
        Assert.Single(Directory.GetFiles(dir.Path)); // no lock file, no sidecar
    }

    [Fact]
    public async Task WriterWaitingWithATimeoutGetsTheLockWhenTheHolderExits()
    {
        using var dir = new TempDirectory();
        var path = dir.File("wait.mvc");
        Capsule.Create(path).Dispose();
        using var holder = new ChildProcess("hold", path);
        Assert.StartsWith("locked", holder.ReadLine(TimeSpan.FromSeconds(30)));
        var opening = Task.Run(() => Capsule.Open(path, new CapsuleOptions { LockTimeout = TimeSpan.FromSeconds(20) }));
        await Task.Delay(300);
        Assert.False(opening.IsCompleted);
        holder.WriteLine("release");
        using var writer = await opening;
        Assert.False(writer.IsReadOnly);
    }
}
