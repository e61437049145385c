using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Capsule.Codecs;

namespace Capsule.Format;

/// <summary>
/// Builds a segment body from consecutive frames. The codec is chosen by trying each candidate on
/// this segment's own blocks (a spread-out sample for big segments) and keeping the smallest; raw
/// wins unless compression saves at least 1/16 of the bytes, because decompression then costs more
/// than the I/O it saves. Zstandard with a trained dictionary is tried when frames are small, on
/// smaller blocks, since a dictionary is what makes small blocks compress.
/// </summary>
internal static class SegmentBuilder
{
    /// <summary>
    /// Raw bytes each codec trial compresses at most (evenly spaced blocks beyond it). Text and records
    /// compress about evenly through a segment, so a quarter mebibyte ranks the codecs as a full pass
    /// does; every trial but the winner's is thrown away, and a full pass of LZ4, Zstandard and the
    /// dictionary estimate was most of a bulk commit's compression time (cran, 1.6 MiB of frames: three
    /// passes over all of it before the winner was known).
    /// </summary>
    private const int SampleBudget = 256 * 1024;
    private const int DictionaryBlockSize = 4096;
    private const int SmallFrameBytes = 1024;
    private const int MinFramesForDictionary = 64;
    private const int TrainingBudget = 64 * 1024;

    /// <summary>
    /// A segment body in two pieces, written as one record body without being joined first: <see cref="Tables"/>
    /// (header, dictionary, block and frame tables, their CRC), then <see cref="Stored"/> (the stored blocks).
    /// </summary>
    public readonly record struct Result(ReadOnlyMemory<byte> Tables, ReadOnlyMemory<byte> Stored, CodecId Codec, long RawBytes, int BlockCount)
    {
        /// <summary>The body as one array (tests and tools; the writer appends the two pieces).</summary>
        public byte[] ToBody() => [.. Tables.Span, .. Stored.Span];
    }

    public static Result Build(IReadOnlyList<SegmentFrame> frames, int blockSize, int zstdLevel, IReadOnlyList<CodecId>? allowed = null)
    {
        if (frames.Count == 0)
        {
            throw new ArgumentException("a segment holds at least one frame", nameof(frames));
        }
        // Every candidate's blocks are runs of consecutive frames: spans over the frames where they lie
        // end to end (a bulk commit's frames do), so no concatenated copy of the segment is made.
        var starts = new long[frames.Count + 1];
        for (var i = 0; i < frames.Count; i++)
        {
            starts[i + 1] = starts[i] + frames[i].Bytes.Length;
        }
        var totalRaw = starts[^1];
        var segment = new SegmentBytes(frames, starts);

        var plainBlocks = CutBlocks(frames, blockSize);
        var best = Trial(CodecId.Raw, plainBlocks, segment, null, zstdLevel);
        var threshold = best.Stored - best.Stored / 16;
        foreach (var codec in new[] { CodecId.Lz4, CodecId.Zstd })
        {
            if (allowed is not null && !allowed.Contains(codec))
            {
                continue;
            }
            var trial = Trial(codec, plainBlocks, segment, null, zstdLevel);
            if (trial.Stored < threshold && trial.Stored < best.Stored)
            {
                best = trial;
            }
        }
        ZstdDictionary? dictionary = null;
        if (frames.Count >= MinFramesForDictionary && totalRaw / frames.Count < SmallFrameBytes
            && (allowed is null || allowed.Contains(CodecId.ZstdDictionary)))
        {
            // Training time grows with the sample bytes, so train on frames spread evenly over the
            // segment up to a fixed budget: a commit of a thousand small facts then costs a few
            // milliseconds of training, not a hundred.
            var samples = new List<ReadOnlyMemory<byte>>();
            var stride = Math.Max(1, (int)(totalRaw / TrainingBudget));
            var sampleBytes = 0L;
            for (var i = 0; i < frames.Count; i += stride)
            {
                samples.Add(frames[i].Bytes);
                sampleBytes += frames[i].Bytes.Length;
            }
            var maxDictionary = (int)Math.Clamp(sampleBytes / 8, 1024, 8 * 1024);
            if (!DictionaryCannotWin(segment, totalRaw, sampleBytes, maxDictionary, Math.Min(threshold, best.Stored), zstdLevel))
            {
                dictionary = ZstdDictionary.Train(samples, maxDictionary);
            }
            if (dictionary is not null)
            {
                var dictBlocks = CutBlocks(frames, Math.Min(blockSize, DictionaryBlockSize));
                var trial = Trial(CodecId.ZstdDictionary, dictBlocks, segment, dictionary, zstdLevel);
                if (trial.Stored < threshold && trial.Stored < best.Stored)
                {
                    best = trial;
                }
            }
        }
        try
        {
            return Write(frames, segment, best, totalRaw, zstdLevel);
        }
        finally
        {
            dictionary?.Dispose();
        }
    }

    /// <summary>
    /// Training a dictionary costs several times more than every other trial together (fastCover
    /// scans the samples with a 2^20-entry table), so it is skipped when a cheap estimate shows the
    /// dictionary candidate cannot beat the best so far. The estimate: the segment compressed as ONE
    /// Zstandard frame, at the same level, is a floor for the dictionary's blocks (each of those sees
    /// only the dictionary, a ≤ 8 KiB digest of this same segment, where the one frame sees all
    /// earlier bytes of it), and the dictionary itself is stored too. fastCover fills the capacity it
    /// is given when the samples are at least 8× larger (the clamp above makes them so unless they are
    /// tiny), so the stored dictionary counts in full; otherwise only zstd's minimum. A segment past
    /// the sample budget is estimated from a middle run of its frames, scaled to its size.
    /// </summary>
    private static bool DictionaryCannotWin(SegmentBytes segment, long totalRaw, long sampleBytes, int maxDictionary, long toBeat, int level)
    {
        // One frame over a quarter mebibyte still sees far more history than a 4 KiB block beside an
        // 8 KiB dictionary does, so the scaled estimate stays a floor in practice.
        var (first, count) = segment.MiddleRun(SampleBudget);
        var run = segment.Slice(first, count);
        var output = segment.Scratch(BlockCodec.MaxCompressedLength(CodecId.Zstd, run.Length));
        var compressed = (long)BlockCodec.Compress(CodecId.Zstd, run, output, level, null);
        var floor = run.Length == totalRaw ? compressed : (long)(compressed * ((double)totalRaw / run.Length));
        var dictionaryFloor = sampleBytes >= 8L * maxDictionary ? maxDictionary : ZstdDictionary.MinTrainedSize;
        return floor + dictionaryFloor >= toBeat;
    }

    /// <summary>
    /// A candidate layout: its codec, blocks (frame index ranges), dictionary and estimated stored
    /// size; <c>Compressed</c> holds the bytes of every block the trial compressed (all of them, or an
    /// evenly spaced sample; null entries for the others), so no block of the winner is compressed twice.
    /// </summary>
    private sealed record Candidate(CodecId Codec, List<(int First, int Count, int Raw)> Blocks, ZstdDictionary? Dictionary, long Stored, byte[]?[]? Compressed);

    /// <summary>
    /// The segment's frames as runs of consecutive frames (blocks), each one span: read in place when the
    /// frames lie end to end (a writer's FrameArena), else gathered into a reused buffer. A span is valid
    /// until the next call; callers compress it at once.
    /// </summary>
    private sealed class SegmentBytes(IReadOnlyList<SegmentFrame> frames, long[] starts)
    {
        private byte[]? _gather;
        private byte[]? _scratch;

        public int FrameCount => frames.Count;

        public ReadOnlySpan<byte> Block((int First, int Count, int Raw) block) => Slice(block.First, block.Count);

        public ReadOnlySpan<byte> Slice(int first, int count)
        {
            if (count == 1)
            {
                return frames[first].Bytes.Span; // a block of one frame needs no copy
            }
            if (Adjacent(first, count, out var run))
            {
                return run;
            }
            var length = (int)(starts[first + count] - starts[first]);
            if (_gather is null || _gather.Length < length)
            {
                _gather = new byte[Math.Max(length, _gather?.Length * 2 ?? 0)];
            }
            for (var i = first; i < first + count; i++)
            {
                frames[i].Bytes.Span.CopyTo(_gather.AsSpan((int)(starts[i] - starts[first])));
            }
            return _gather.AsSpan(0, length);
        }

        /// <summary>Whether frames [first, first + count) lie end to end in one array, in order.</summary>
        private bool Adjacent(int first, int count, out ReadOnlySpan<byte> run)
        {
            run = default;
            if (!MemoryMarshal.TryGetArray(frames[first].Bytes, out var head))
            {
                return false;
            }
            var next = head.Offset + head.Count;
            for (var i = first + 1; i < first + count; i++)
            {
                if (!MemoryMarshal.TryGetArray(frames[i].Bytes, out var part) || !ReferenceEquals(part.Array, head.Array) || part.Offset != next)
                {
                    return false;
                }
                next += part.Count;
            }
            run = head.Array.AsSpan(head.Offset, next - head.Offset);
            return true;
        }

        /// <summary>
        /// The longest run of consecutive frames centred on the segment's middle that stays within
        /// <paramref name="budget"/> raw bytes (at least one frame; all of them when the segment fits).
        /// </summary>
        public (int First, int Count) MiddleRun(long budget)
        {
            if (starts[^1] <= budget)
            {
                return (0, frames.Count);
            }
            int first = frames.Count / 2, end = first + 1;
            while (true)
            {
                var grown = false;
                if (end < frames.Count && starts[end + 1] - starts[first] <= budget)
                {
                    end++;
                    grown = true;
                }
                if (first > 0 && starts[end] - starts[first - 1] <= budget)
                {
                    first--;
                    grown = true;
                }
                if (!grown)
                {
                    return (first, end - first);
                }
            }
        }

        /// <summary>A reusable output buffer of at least <paramref name="length"/> bytes.</summary>
        public byte[] Scratch(int length)
        {
            if (_scratch is null || _scratch.Length < length)
            {
                _scratch = new byte[Math.Max(length, _scratch?.Length * 2 ?? 0)];
            }
            return _scratch;
        }
    }

    private static List<(int First, int Count, int Raw)> CutBlocks(IReadOnlyList<SegmentFrame> frames, int blockSize)
    {
        var blocks = new List<(int, int, int)>();
        int first = 0, raw = 0;
        for (var i = 0; i < frames.Count; i++)
        {
            var length = frames[i].Bytes.Length;
            if (i > first && raw + length > blockSize)
            {
                blocks.Add((first, i - first, raw));
                first = i;
                raw = 0;
            }
            raw += length;
        }
        blocks.Add((first, frames.Count - first, raw));
        return blocks;
    }

    private static Candidate Trial(CodecId codec, List<(int First, int Count, int Raw)> blocks, SegmentBytes segment, ZstdDictionary? dictionary, int level)
    {
        long raw = 0, storedSample = 0, rawSample = 0;
        foreach (var b in blocks)
        {
            raw += b.Raw;
        }
        var dictionaryBytes = dictionary?.Content.Length ?? 0;
        if (codec == CodecId.Raw)
        {
            return new Candidate(codec, blocks, null, raw, null);
        }
        // Sample evenly spaced blocks up to the budget; the estimate scales their ratio to the whole.
        var stride = Math.Max(1, (int)(raw / SampleBudget));
        var compressed = new byte[]?[blocks.Count];
        for (var i = 0; i < blocks.Count; i += stride)
        {
            var block = segment.Block(blocks[i]);
            var output = Compress(codec, block, segment, dictionary, level);
            compressed[i] = output;
            storedSample += output.Length;
            rawSample += block.Length;
        }
        var stored = rawSample == 0 ? raw : (long)(raw * ((double)storedSample / rawSample));
        return new Candidate(codec, blocks, dictionary, stored + dictionaryBytes, compressed);
    }

    private static byte[] Compress(CodecId codec, ReadOnlySpan<byte> raw, SegmentBytes segment, ZstdDictionary? dictionary, int level)
    {
        if (codec == CodecId.Raw)
        {
            return raw.ToArray();
        }
        var buffer = segment.Scratch(BlockCodec.MaxCompressedLength(codec, raw.Length));
        var written = BlockCodec.Compress(codec, raw, buffer, level, dictionary);
        return buffer.AsSpan(0, written).ToArray();
    }

    private static Result Write(IReadOnlyList<SegmentFrame> frames, SegmentBytes segment, Candidate chosen, long totalRaw, int level)
    {
        var dictionary = chosen.Dictionary is null ? ReadOnlySpan<byte>.Empty : chosen.Dictionary.Content.Span;
        // The blocks are compressed straight into one buffer sized by the trial's estimate (a rare shortfall
        // grows it once), keeping the blocks the winning trial already compressed: one array per block and a
        // body that copied them all again were about twice the segment in allocations, on the large object heap.
        var blocks = chosen.Blocks;
        var stored = new ByteWriter((int)Math.Min(chosen.Stored + chosen.Stored / 16 + 4096, Array.MaxLength / 2));
        var extents = new (int Offset, int Length, uint Crc)[blocks.Count];
        for (var b = 0; b < blocks.Count; b++)
        {
            var offset = stored.Length;
            if (chosen.Compressed?[b] is { } compressed)
            {
                stored.Bytes(compressed);
            }
            else if (chosen.Codec == CodecId.Raw)
            {
                stored.Bytes(segment.Block(blocks[b]));
            }
            else
            {
                var raw = segment.Block(blocks[b]);
                var free = stored.Free(BlockCodec.MaxCompressedLength(chosen.Codec, raw.Length));
                stored.Advance(BlockCodec.Compress(chosen.Codec, raw, free, level, chosen.Dictionary));
            }
            var length = stored.Length - offset;
            extents[b] = (offset, length, Crc32C.Compute(stored.WrittenSpan.Slice(offset, length)));
        }
        var w = new ByteWriter((int)Math.Min(SegmentLayout.TablesLength(dictionary.Length, blocks.Count, frames.Count) + 64, Array.MaxLength / 2));
        w.U64(frames[0].Id);
        w.U32((uint)frames.Count);
        w.U8((byte)chosen.Codec);
        w.U8(0);
        w.U16(0);
        w.U32((uint)blocks.Count);
        w.U32((uint)dictionary.Length);
        w.U64((ulong)totalRaw);
        w.Bytes(dictionary);
        for (var b = 0; b < blocks.Count; b++)
        {
            w.U64((ulong)extents[b].Offset);
            w.U32((uint)extents[b].Length);
            w.U32((uint)blocks[b].Raw);
            w.U32((uint)blocks[b].First);
            w.U32(extents[b].Crc);
        }
        foreach (var block in blocks)
        {
            var offsetInBlock = 0;
            for (var i = block.First; i < block.First + block.Count; i++)
            {
                var f = frames[i];
                w.U32((uint)offsetInBlock);
                w.U32((uint)f.Bytes.Length);
                w.U64(f.UriHash);
                w.U64(f.Supersedes ?? SegmentLayout.NoSupersedes);
                w.U8((byte)f.Kind);
                w.U8(f.Uri.Length == 0 ? (byte)0 : SegmentLayout.FlagHasUri);
                w.U16(0);
                offsetInBlock += f.Bytes.Length;
            }
        }
        w.U32(Crc32C.Compute(w.WrittenSpan));
        return new Result(w.WrittenMemory, stored.WrittenMemory, chosen.Codec, totalRaw, blocks.Count);
    }

}
