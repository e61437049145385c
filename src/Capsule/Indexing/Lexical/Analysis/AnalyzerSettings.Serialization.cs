using System.Buffers.Binary;

namespace Capsule.Indexing.Lexical.Analysis;

public sealed partial record AnalyzerSettings
{
    /// <summary>The settings as <see cref="AnalyzerSettingsLayout.Size"/> bytes (layout in <see cref="AnalyzerSettingsLayout"/>).</summary>
    public byte[] Serialize()
    {
        Validate();
        var bytes = new byte[AnalyzerSettingsLayout.Size];
        bytes[AnalyzerSettingsLayout.FormatOffset] = AnalyzerSettingsLayout.FormatVersion;
        bytes[AnalyzerSettingsLayout.StopWordsOffset] = (byte)StopWords;
        bytes[AnalyzerSettingsLayout.FlagsOffset] = (byte)((Stemming ? AnalyzerSettingsLayout.FlagStemming : 0)
            | (CjkBigrams ? AnalyzerSettingsLayout.FlagCjkBigrams : 0));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(AnalyzerSettingsLayout.MinLengthOffset), (ushort)MinTokenLength);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(AnalyzerSettingsLayout.MaxLengthOffset), (ushort)MaxTokenLength);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(AnalyzerSettingsLayout.VersionOffset), (ushort)Version);
        return bytes;
    }

    /// <summary>Reads settings written by <see cref="Serialize"/>.</summary>
    /// <exception cref="UnsupportedFormatException">The layout format or the analyzer version is one this build
    /// does not implement (written by a newer Capsule).</exception>
    /// <exception cref="CorruptCapsuleException">The bytes are truncated, too long, or hold values no writer produces.</exception>
    public static AnalyzerSettings Deserialize(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < AnalyzerSettingsLayout.FormatLength)
            throw new CorruptCapsuleException("Analyzer settings are empty.", null, 0);
        byte format = bytes[AnalyzerSettingsLayout.FormatOffset];
        if (format != AnalyzerSettingsLayout.FormatVersion)
            throw new UnsupportedFormatException(
                $"Analyzer settings format {format} is not supported (this build reads format {AnalyzerSettingsLayout.FormatVersion}).",
                null, AnalyzerSettingsLayout.FormatOffset);
        if (bytes.Length != AnalyzerSettingsLayout.Size)
            throw new CorruptCapsuleException(
                $"Analyzer settings are {bytes.Length} bytes; format 1 has exactly {AnalyzerSettingsLayout.Size}.", null, 0);

        byte stop = bytes[AnalyzerSettingsLayout.StopWordsOffset];
        byte flags = bytes[AnalyzerSettingsLayout.FlagsOffset];
        int min = BinaryPrimitives.ReadUInt16LittleEndian(bytes[AnalyzerSettingsLayout.MinLengthOffset..]);
        int max = BinaryPrimitives.ReadUInt16LittleEndian(bytes[AnalyzerSettingsLayout.MaxLengthOffset..]);
        int version = BinaryPrimitives.ReadUInt16LittleEndian(bytes[AnalyzerSettingsLayout.VersionOffset..]);

        if (version != CurrentVersion)
            throw new UnsupportedFormatException(
                $"Analyzer version {version} is not supported (this build implements version {CurrentVersion}).",
                null, AnalyzerSettingsLayout.VersionOffset);
        if (!StopWordSets.IsDefined((StopWordSet)stop))
            throw new CorruptCapsuleException($"Unknown stop word set {stop} in analyzer settings.", null, AnalyzerSettingsLayout.StopWordsOffset);
        if ((flags & ~AnalyzerSettingsLayout.KnownFlags) != 0)
            throw new CorruptCapsuleException($"Unknown analyzer flags 0x{flags:X2}.", null, AnalyzerSettingsLayout.FlagsOffset);
        if (min < 1 || max > LongestTokenLimit || min > max)
            throw new CorruptCapsuleException(
                $"Analyzer token lengths {min}..{max} are out of range 1..{LongestTokenLimit}.", null, AnalyzerSettingsLayout.MinLengthOffset);

        return new AnalyzerSettings(
            (StopWordSet)stop,
            (flags & AnalyzerSettingsLayout.FlagStemming) != 0,
            (flags & AnalyzerSettingsLayout.FlagCjkBigrams) != 0,
            min, max, version);
    }
}
