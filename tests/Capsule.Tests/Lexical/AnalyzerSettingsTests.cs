using Capsule.Indexing.Lexical.Analysis;

namespace Capsule.Tests.Lexical;

public sealed class AnalyzerSettingsTests
{
    [Fact]
    public void Layout_sizes_add_up() => Assert.Equal(9, AnalyzerSettingsLayout.Size);

    [Theory]
    [InlineData(StopWordSet.Lucene, true, true, 1, 64)]
    [InlineData(StopWordSet.None, false, true, 2, 255)]
    [InlineData(StopWordSet.Snowball, true, false, 3, 3)]
    public void Round_trips(StopWordSet stop, bool stem, bool cjk, int min, int max)
    {
        var settings = new AnalyzerSettings(stop, stem, cjk, min, max);
        Assert.Equal(settings, AnalyzerSettings.Deserialize(settings.Serialize()));
    }

    [Fact]
    public void Default_bytes_are_pinned() =>
        Assert.Equal(new byte[] { 1, 2, 3, 1, 0, 64, 0, 1, 0 }, AnalyzerSettings.Default.Serialize());

    [Fact]
    public void Unknown_analyzer_version_is_rejected()
    {
        byte[] bytes = AnalyzerSettings.Default.Serialize();
        bytes[AnalyzerSettingsLayout.VersionOffset] = 2;
        var ex = Assert.Throws<UnsupportedFormatException>(() => AnalyzerSettings.Deserialize(bytes));
        Assert.Contains("Analyzer version 2 is not supported", ex.Message);
        Assert.Equal(AnalyzerSettingsLayout.VersionOffset, ex.Offset);
    }

    [Fact]
    public void Unknown_layout_format_is_rejected()
    {
        byte[] bytes = AnalyzerSettings.Default.Serialize();
        bytes[0] = 9;
        var ex = Assert.Throws<UnsupportedFormatException>(() => AnalyzerSettings.Deserialize(bytes));
        Assert.Contains("format 9", ex.Message);
    }

    [Theory]
    [InlineData(AnalyzerSettingsLayout.StopWordsOffset, 7)]
    [InlineData(AnalyzerSettingsLayout.FlagsOffset, 4)]
    [InlineData(AnalyzerSettingsLayout.MinLengthOffset, 0)]
    [InlineData(AnalyzerSettingsLayout.MaxLengthOffset, 0)]
    public void Impossible_values_are_corrupt(int offset, byte value)
    {
        byte[] bytes = AnalyzerSettings.Default.Serialize();
        bytes[offset] = value;
        var ex = Assert.Throws<CorruptCapsuleException>(() => AnalyzerSettings.Deserialize(bytes));
        Assert.Equal(offset == AnalyzerSettingsLayout.MaxLengthOffset ? AnalyzerSettingsLayout.MinLengthOffset : offset, ex.Offset);
    }

    [Fact]
    public void Every_truncation_and_extension_is_rejected()
    {
        byte[] bytes = AnalyzerSettings.Default.Serialize();
        for (int n = 0; n < bytes.Length; n++)
            Assert.Throws<CorruptCapsuleException>(() => AnalyzerSettings.Deserialize(bytes.AsSpan(0, n)));
        Assert.Throws<CorruptCapsuleException>(() => AnalyzerSettings.Deserialize([.. bytes, 0]));
    }
}
