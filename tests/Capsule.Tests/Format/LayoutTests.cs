using Capsule.Format;

namespace Capsule.Tests.Format;

/// <summary>The field offsets of every on-disk structure add up to the sizes FORMAT.md gives.</summary>
public sealed class LayoutTests
{
    [Fact]
    public void SuperblockFieldsAddUp()
    {
        Assert.Equal(72, Superblock.ReservedOffset);
        Assert.Equal(4092, Superblock.CrcOffset);
        Assert.Equal(8192, Superblock.DataStart);
        Assert.Equal(8, Superblock.Magic.Length);
    }

    [Fact]
    public void RecordFramingAddsUp()
    {
        Assert.Equal(8, RecordFraming.HeaderLength);
        Assert.Equal(12, RecordFraming.Overhead);
        Assert.Equal(17, RecordFraming.TotalLength(5));
    }

    [Fact]
    public void SegmentAndRunTablesAddUp()
    {
        Assert.Equal(32, SegmentLayout.HeaderLength);
        Assert.Equal(24, SegmentLayout.BlockEntryLength);
        Assert.Equal(28, SegmentLayout.DirectoryEntryLength);
        Assert.Equal(64, RunLayout.HeaderLength);
        Assert.Equal(20, RunLayout.SegmentEntryLength);
        Assert.Equal(32 + 100 + 2 * 24 + 3 * 28, SegmentLayout.TablesLength(100, 2, 3));
    }

    [Fact]
    public void SuperblockRoundTripsAndRejectsAnyChangedByte()
    {
        var sb = new Superblock(1, 0, 0, 0, 42, 9000, 7, 9100, 123456);
        var slot = new byte[Superblock.SlotSize];
        sb.WriteTo(slot);
        Assert.Equal(Superblock.SlotState.Valid, Superblock.TryRead(slot, out var read, out _));
        Assert.Equal(sb, read);
        for (var i = 0; i < slot.Length; i += 97)
        {
            var damaged = (byte[])slot.Clone();
            damaged[i] ^= 0x10;
            Assert.NotEqual(Superblock.SlotState.Valid, Superblock.TryRead(damaged, out _, out _));
        }
    }

    [Fact]
    public void RecordChecksumDependsOnTheOffset()
    {
        var record = RecordFraming.Frame(RecordKind.Commit, [1, 2, 3], 8192);
        Assert.Equal([2, 0, 0, 0, 3, 0, 0, 0, 1, 2, 3], record[..11]);
        var crc = BitConverter.ToUInt32(record, 11);
        Assert.Equal(crc, RecordFraming.Checksum(8192, record.AsSpan(0, 11)));
        Assert.NotEqual(crc, RecordFraming.Checksum(8193, record.AsSpan(0, 11)));
    }
}
