namespace Capsule.Indexing.Lexical.Persisted;

/// <summary>
/// Byte layout of a persisted lexical index payload (PAYLOAD.md beside this file). All integers
/// little-endian; sections follow the header back to back and end exactly at the payload's end.
/// <code>
///  0        4        8        12       16       20       24       28       32
///  +--------+----+---+--------+--------+--------+--------+--------+--------+
///  | magic  |ver |tpb| docs N | terms  | blocks | textN  | titleN | 0      |
///  +--------+----+---+--------+--------+--------+--------+--------+--------+
///  32 text total length u64 | 40 title total length u64 | 48 dictionary length u64
///  56 postings length u64   | 64 positions length u64   | 72 header CRC-32C | 76 0 | 80
///
///  [header 80][frame ids 8·N][lengths 8·N][dictionary index 20·blocks][dictionary][postings][positions]
/// </code>
/// </summary>
internal static class LexicalPayloadLayout
{
    /// <summary>"CLXP" read as a little-endian u32.</summary>
    public const uint Magic = 0x50584C43;

    public const ushort FormatVersion = 1;

    /// <summary>Terms per front-coded dictionary block (each block starts with a whole term).</summary>
    public const int TermsPerBlock = 16;

    /// <summary>Longest term in UTF-8 bytes (the analyzer caps terms at 255 UTF-16 chars).</summary>
    public const int MaxTermBytes = 1024;

    public const int MagicOffset = 0;
    public const int MagicLength = 4;
    public const int VersionOffset = MagicOffset + MagicLength;
    public const int VersionLength = 2;
    public const int TermsPerBlockOffset = VersionOffset + VersionLength;
    public const int TermsPerBlockLength = 2;
    public const int DocumentCountOffset = TermsPerBlockOffset + TermsPerBlockLength;
    public const int DocumentCountLength = 4;
    public const int TermCountOffset = DocumentCountOffset + DocumentCountLength;
    public const int TermCountLength = 4;
    public const int BlockCountOffset = TermCountOffset + TermCountLength;
    public const int BlockCountLength = 4;
    public const int TextDocumentsOffset = BlockCountOffset + BlockCountLength;
    public const int TextDocumentsLength = 4;
    public const int TitleDocumentsOffset = TextDocumentsOffset + TextDocumentsLength;
    public const int TitleDocumentsLength = 4;
    public const int Reserved1Offset = TitleDocumentsOffset + TitleDocumentsLength;
    public const int Reserved1Length = 4;
    public const int TextTotalOffset = Reserved1Offset + Reserved1Length;
    public const int TextTotalLength = 8;
    public const int TitleTotalOffset = TextTotalOffset + TextTotalLength;
    public const int TitleTotalLength = 8;
    public const int DictionaryLengthOffset = TitleTotalOffset + TitleTotalLength;
    public const int DictionaryLengthLength = 8;
    public const int PostingsLengthOffset = DictionaryLengthOffset + DictionaryLengthLength;
    public const int PostingsLengthLength = 8;
    public const int PositionsLengthOffset = PostingsLengthOffset + PostingsLengthLength;
    public const int PositionsLengthLength = 8;
    public const int HeaderCrcOffset = PositionsLengthOffset + PositionsLengthLength;
    public const int HeaderCrcLength = 4;
    public const int Reserved2Offset = HeaderCrcOffset + HeaderCrcLength;
    public const int Reserved2Length = 4;
    public const int HeaderSize = Reserved2Offset + Reserved2Length;

    /// <summary>Per document: the frame id (u64).</summary>
    public const int FrameIdSize = 8;

    /// <summary>Per document: text length (u32), title length (u32), in terms.</summary>
    public const int LengthsSize = 8;

    /// <summary>Dictionary index entry: dictionary offset (u32), postings start (u64), positions start (u64)
    /// of the block's first term, relative to their sections.</summary>
    public const int IndexEntrySize = 20;

    public const int IndexDictionaryOffset = 0;
    public const int IndexPostingsOffset = 4;
    public const int IndexPositionsOffset = 12;
}
