using Capsule.Storage;
using Capsule.Tests.Infrastructure;

namespace Capsule.Tests.History;

/// <summary>As-of views by time, their bounds, their read-only rules, and the text forms of a point.</summary>
public sealed class AsOfTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    /// <summary>Three commits: put a (v1) and b; update a (v2); delete b. Returns the device and the commits oldest first.</summary>
    private static (MemoryDevice Device, List<CommitInfo> Commits) ThreeCommits()
    {
        var device = new MemoryDevice("as-of");
        using var capsule = Capsule.Create(device, new CapsuleOptions { Clock = new TestClock(Start) });
        capsule.Put("a v1", uri: "a");
        capsule.Put("b v1", uri: "b");
        capsule.Commit();
        capsule.Update("a", new FrameDraft("a v2"));
        capsule.Commit();
        capsule.Delete("b");
        capsule.Commit();
        return (device, capsule.Commits().Reverse().ToList());
    }

    [Fact]
    public void A_time_view_is_the_newest_commit_at_or_before_the_instant()
    {
        var (device, commits) = ThreeCommits();
        var micro = TimeSpan.FromTicks(10);
        foreach (var commit in commits)
        {
            Assert.Equal(commit.Sequence, SequenceAsOf(device, AsOf.Time(commit.CommittedAt)));
            Assert.Equal(commit.Sequence, SequenceAsOf(device, AsOf.Time(commit.CommittedAt + micro)));
            Assert.Equal(commit.Sequence - 1, SequenceAsOf(device, AsOf.Time(commit.CommittedAt - micro)));
        }
        Assert.Equal(3UL, SequenceAsOf(device, AsOf.Time(DateTimeOffset.MaxValue)));
        using var second = Capsule.OpenAsOf(device, AsOf.Time(commits[1].CommittedAt));
        Assert.Equal("a v2", second.Get(2).Text);
        Assert.True(second.TryGetByUri("b", out var b) && b.Text == "b v1"); // deleted only by commit 3
    }

    [Fact]
    public void Before_the_first_commit_a_view_is_empty()
    {
        var (device, commits) = ThreeCommits();
        foreach (var point in new[] { AsOf.Time(commits[0].CommittedAt.AddTicks(-10)), AsOf.Time(DateTimeOffset.MinValue), AsOf.Commit(0) })
        {
            using var view = Capsule.OpenAsOf(device, point);
            Assert.Equal(0UL, view.NextFrameId);
            Assert.Equal(0UL, view.Head.Sequence);
            Assert.Empty(view.Frames(includeHistory: true));
            Assert.Empty(view.Commits());
            Assert.False(view.TryGetByUri("a", out _));
            Assert.Equal(0UL, view.Stats().LiveFrames);
        }
    }

    [Fact]
    public void A_frame_view_shows_what_later_frames_superseded_or_deleted()
    {
        var (device, _) = ThreeCommits();
        using var view = Capsule.OpenAsOf(device, AsOf.Frame(0)); // inside commit 1, before b was written
        Assert.Equal(1UL, view.NextFrameId);
        Assert.Equal(0UL, view.Head.Sequence);
        Assert.Equal("a v1", view.Get(0).Text);
        Assert.False(view.TryGetByUri("b", out _));
        using var atHead = Capsule.OpenAsOf(device, AsOf.Frame(3));
        Assert.False(atHead.IsLive(0));
        Assert.False(atHead.IsLive(1));
    }

    [Fact]
    public void A_point_beyond_the_head_is_an_error_that_says_so()
    {
        var (device, _) = ThreeCommits();
        var commit = Assert.Throws<ArgumentOutOfRangeException>(() => Capsule.OpenAsOf(device, AsOf.Commit(4)));
        Assert.Contains("commit 4 is beyond the head", commit.Message);
        Assert.Contains("newest commit is 3", commit.Message);
        var frame = Assert.Throws<ArgumentOutOfRangeException>(() => Capsule.OpenAsOf(device, AsOf.Frame(4)));
        Assert.Contains("frame 4 is beyond the head", frame.Message);
        Assert.Contains("frames 0..3 exist", frame.Message);
        using var last = Capsule.OpenAsOf(device, AsOf.Frame(3));
        Assert.Equal(3UL, last.Head.Sequence);
    }

    [Fact]
    public void A_view_rejects_writes_and_stays_at_its_point()
    {
        using var dir = new TempDirectory();
        var path = dir.File("t.mvc");
        using var writer = Capsule.Create(path, new CapsuleOptions { Clock = new TestClock(Start) });
        writer.Put("a v1", uri: "a");
        writer.Commit();
        writer.Update("a", new FrameDraft("a v2"));
        writer.Commit();
        using var view = Capsule.OpenAsOf(path, AsOf.Commit(1)); // beside an open writer: a view takes no lock
        Assert.True(view.IsReadOnly);
        Action[] writes =
        [
            () => view.Put("x"),
            () => view.Update("a", new FrameDraft("a v3")),
            () => view.Delete(0),
            () => view.Delete("a"),
            () => view.Commit(),
            () => view.Rollback(),
        ];
        foreach (var write in writes)
        {
            Assert.Contains("as-of views are read-only", Assert.Throws<InvalidOperationException>(write).Message);
        }
        writer.Put("later", uri: "c");
        writer.Commit();
        Assert.False(view.Refresh()); // a plain reader would move to commit 3 here
        Assert.Equal(1UL, view.Head.Sequence);
        Assert.Equal("a v1", Assert.Single(view.Frames()).Text);
        Assert.False(view.TryGetByUri("c", out _));
        Assert.Equal(0, view.Stats().PendingFrames);
        using var reader = Capsule.Open(path, new CapsuleOptions { ReadOnly = true });
        Assert.Equal(3UL, reader.Head.Sequence);
    }

    [Theory]
    [InlineData("@3", AsOfKind.Commit, 3UL)]
    [InlineData("@0", AsOfKind.Commit, 0UL)]
    [InlineData(" 42 ", AsOfKind.Frame, 42UL)]
    [InlineData("18446744073709551615", AsOfKind.Frame, ulong.MaxValue)]
    public void Parse_reads_commits_and_frame_ids(string text, AsOfKind kind, ulong number)
    {
        var point = AsOf.Parse(text);
        Assert.Equal(kind, point.Kind);
        Assert.Equal(number, point.Number);
        Assert.Equal(point, AsOf.Parse(point.ToString()));
    }

    [Theory]
    [InlineData("2026-01-02T03:04:05Z", "2026-01-02T03:04:05+00:00")]
    [InlineData("2026-01-02T03:04:05.25+01:00", "2026-01-02T02:04:05.25+00:00")]
    [InlineData("2026-01-02T03:04:05", "2026-01-02T03:04:05+00:00")] // no offset: UTC, not the machine's zone
    [InlineData("2026-01-02T03:04", "2026-01-02T03:04:00+00:00")]
    [InlineData("2026-01-02", "2026-01-02T00:00:00+00:00")]
    public void Parse_reads_iso_times(string text, string expected)
    {
        var point = AsOf.Parse(text);
        Assert.Equal(AsOfKind.Time, point.Kind);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), point.Instant);
        Assert.Equal(point, AsOf.Parse(point.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("@")]
    [InlineData("@x")]
    [InlineData("@-1")]
    [InlineData("-1")]
    [InlineData("1,000")]
    [InlineData("18446744073709551616")]
    [InlineData("last tuesday")]
    [InlineData("02/01/2026")]
    [InlineData("2026-13-01")]
    public void Parse_rejects_anything_else_and_lists_the_forms(string text)
    {
        var error = Assert.Throws<FormatException>(() => AsOf.Parse(text));
        Assert.Contains($"'{text}' is not a point in the timeline", error.Message);
        Assert.Contains("@COMMIT", error.Message);
        Assert.Contains("FRAME-ID", error.Message);
        Assert.Contains("ISO-TIME", error.Message);
    }

    private static ulong SequenceAsOf(MemoryDevice device, AsOf point)
    {
        using var view = Capsule.OpenAsOf(device, point);
        return view.Head.Sequence;
    }
}
