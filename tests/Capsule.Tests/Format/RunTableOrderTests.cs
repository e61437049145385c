using System.Buffers.Binary;
using Capsule.Engine;
using Capsule.Format;
using Capsule.Storage;
using Capsule.Tests.Infrastructure;

namespace Capsule.Tests.Format;

/// <summary>
/// Opening a run checks its dead list and uri table in chunks of entries (one read per chunk); a table out
/// of order or naming a frame outside the run is still refused, whichever entry is wrong — including one
/// whose checksum was made to match.
/// </summary>
public sealed class RunTableOrderTests
{
    [Fact]
    public void A_sealed_run_with_dead_frames_and_uris_opens()
    {
        var (bytes, _, _) = SealedRun();
        using var capsule = Capsule.Open(new MemoryDevice("ok", bytes, readOnly: true), new CapsuleOptions { ReadOnly = true });
        Assert.Equal(7, capsule.Frames().Count()); // frames 0..7 and 8 (f/1 again), less 1 (superseded) and 3 (deleted)
    }

    [Theory]
    [InlineData("dead-repeated")]
    [InlineData("dead-beyond-run")]
    [InlineData("uris-swapped")]
    [InlineData("uri-repeated")]
    [InlineData("uri-beyond-run")]
    public void A_run_table_out_of_order_is_corruption(string damage)
    {
        var (bytes, runAt, run) = SealedRun();
        var body = runAt + RecordFraming.HeaderLength;
        var deadAt = body + RunLayout.HeaderLength + run.SegmentCount * RunLayout.SegmentEntryLength;
        var urisAt = deadAt + run.DeadCount * RunLayout.DeadEntryLength;
        var span = bytes.AsSpan();
        switch (damage)
        {
            case "dead-repeated":
                span.Slice((int)deadAt, 8).CopyTo(span[(int)(deadAt + 8)..]);
                break;
            case "dead-beyond-run":
                BinaryPrimitives.WriteUInt64LittleEndian(span[(int)(deadAt + 8 * (run.DeadCount - 1))..], run.EndFrameId);
                break;
            case "uris-swapped":
                var first = span.Slice((int)urisAt, RunLayout.UriEntryLength).ToArray();
                span.Slice((int)urisAt + RunLayout.UriEntryLength, RunLayout.UriEntryLength).CopyTo(span[(int)urisAt..]);
                first.CopyTo(span[((int)urisAt + RunLayout.UriEntryLength)..]);
                break;
            case "uri-repeated": // the same (hash, frame) twice: the table must ascend strictly
                span.Slice((int)urisAt, RunLayout.UriEntryLength).CopyTo(span[((int)urisAt + RunLayout.UriEntryLength)..]);
                break;
            case "uri-beyond-run":
                BinaryPrimitives.WriteUInt64LittleEndian(span[(int)(urisAt + RunLayout.UriEntryLength * (run.UriCount - 1) + 8)..], run.EndFrameId + 5);
                break;
        }
        var covered = RecordFraming.HeaderLength + BinaryPrimitives.ReadInt32LittleEndian(span[((int)runAt + RecordFraming.LengthOffset)..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[((int)runAt + covered)..], RecordFraming.Checksum(runAt, span.Slice((int)runAt, covered)));

        var error = Assert.Throws<CorruptCapsuleException>(() => Capsule.Open(new MemoryDevice(damage, bytes, readOnly: true), new CapsuleOptions { ReadOnly = true }).Dispose());
        Assert.Contains(damage.StartsWith("dead", StringComparison.Ordinal) ? "dead list" : "uri table", error.Message);
    }

    /// <summary>One sealed run of 10 frames: frame 1 superseded and frame 3 deleted (dead list [1, 3, ...]), every frame with a uri.</summary>
    private static (byte[] Bytes, long RunAt, RunView Run) SealedRun()
    {
        var device = new MemoryDevice("runs");
        using (var capsule = Capsule.Create(device, new CapsuleOptions { Clock = new TestClock() }))
        {
            for (var i = 0; i < 8; i++) capsule.Put(new FrameDraft($"fact {i}") { Uri = $"f/{i}" });
            capsule.Update("f/1", new FrameDraft("fact 1, again"));
            capsule.Delete(3);
            capsule.Commit(sealTail: true);
        }
        var bytes = device.ToArray();
        var reader = new MemoryDevice("read", bytes, readOnly: true);
        for (long at = Superblock.DataStart; RecordIO.TryRead(reader, at, true, out var record, out _) == RecordStatus.Valid; at = record.End)
        {
            if (record.Kind == RecordKind.Run)
            {
                var run = RunView.Parse(reader, at, record.BodyLength);
                Assert.True(run.DeadCount >= 2 && run.UriCount >= 2, $"{run.DeadCount} dead, {run.UriCount} uris");
                return (bytes, at, run);
            }
        }
        throw new InvalidOperationException("no run record was written");
    }
}
