using System.Buffers.Binary;
using Capsule.Format;
using Capsule.Indexing.Lexical.Index;
using Capsule.Indexing.Lexical.Persisted;
using Capsule.Indexing.Lexical.Ranking;
using Capsule.Indexing.Storage;
using static Capsule.Tests.Lexical.Index.LexicalCorpus;

namespace Capsule.Tests.Lexical.Index;

public sealed class LexicalPayloadTests
{
    [Fact]
    public void Header_fields_add_up_to_the_header_size() =>
        Assert.Equal(80, LexicalPayloadLayout.HeaderSize);

    [Fact]
    public void Merge_of_parts_is_byte_for_byte_the_single_build()
    {
        int seed = Environment.TickCount;
        var random = new Random(seed);
        for (int round = 0; round < 8; round++)
        {
            // Enough documents that frequent terms span several 128-posting blocks, so re-blocking is tested.
            var corpus = LexicalCorpus.Random(random, random.Next(0, 1500));
            var single = LexicalIndexWriter.Write(corpus.Build());
            foreach (int ways in (int[])[1, 3, 7])
            {
                var builders = corpus.Split(ways, random);
                Assert.True(single.AsSpan().SequenceEqual(LexicalIndexMerger.Merge(builders)), $"seed {seed} round {round}: {ways} builders");
                // Mixed: persisted parts and the open tail's builder, as the engine merges them.
                var mixed = builders.Select((b, i) => i == builders.Length - 1 ? (ILexicalPart)b : Persist(b)).ToArray();
                Assert.True(single.AsSpan().SequenceEqual(LexicalIndexMerger.Merge(mixed)), $"seed {seed} round {round}: {ways} mixed parts");
            }
        }
    }

    [Fact]
    public void Encoding_two_term_ranges_at_once_gives_the_one_pass_bytes()
    {
        // Enough distinct terms (a vocabulary of 9,000) for the encoder to split them across two threads.
        int seed = Environment.TickCount;
        var random = new Random(seed);
        for (int round = 0; round < 3; round++)
        {
            // Words are drawn unevenly and stemming merges some, so a small corpus can fall short of the
            // encoder's split threshold (seed 41747240 did): grow it until it has enough terms to split.
            var documents = random.Next(500, 1500);
            var corpus = LexicalCorpus.Random(random, documents, vocabulary: 9_000 + random.Next(100), maxLength: 80);
            while (corpus.Build().TermCount < 4096)
            {
                documents *= 2;
                corpus = LexicalCorpus.Random(random, documents, vocabulary: 9_000 + random.Next(100), maxLength: 80);
            }
            var builders = corpus.Split(random.Next(1, 4), random);
            var parts = builders.Select((b, i) => i == 0 ? (ILexicalPart)b : Persist(b)).ToArray();
            var onePass = PayloadEncoder.Encode(parts, parallel: false);
            Assert.True(onePass.AsSpan().SequenceEqual(PayloadEncoder.Encode(parts, parallel: true)), $"seed {seed} round {round}: {parts.Length} parts");
        }
    }

    [Fact]
    public void A_damaged_part_in_the_second_term_range_fails_as_one_pass_would()
    {
        // The encoder splits the terms across two threads; a part that turns out damaged while the second
        // range is read must surface as its own FormatViolation (what the engine maps to a corrupt-capsule
        // error), not wrapped in an AggregateException by the thread that read it.
        int seed = Environment.TickCount;
        var random = new Random(seed);
        var documents = 1000;
        var corpus = LexicalCorpus.Random(random, documents, vocabulary: 9_000, maxLength: 80);
        while (corpus.Build().TermCount < 4096)
        {
            documents *= 2;
            corpus = LexicalCorpus.Random(random, documents, vocabulary: 9_000, maxLength: 80);
        }
        var builders = corpus.Split(2, random);
        ILexicalPart[] parts = [builders[0], new DamagedFromTerm(Persist(builders[1]), "n")];
        var error = Assert.Throws<FormatViolation>(() => PayloadEncoder.Encode(parts, parallel: true));
        Assert.Contains("damaged", error.Message);
        Assert.Throws<FormatViolation>(() => PayloadEncoder.Encode(parts, parallel: false));
    }

    /// <summary>A part whose postings of terms from <paramref name="from"/> on (in byte order) fail to decode.</summary>
    private sealed class DamagedFromTerm(ILexicalPart part, string from) : ILexicalPart
    {
        public int DocumentCount => part.DocumentCount;
        public FieldStatistics TextStatistics => part.TextStatistics;
        public FieldStatistics TitleStatistics => part.TitleStatistics;
        public ulong FrameId(int doc) => part.FrameId(doc);
        public int DocumentFrequency(string term) => part.DocumentFrequency(term);
        TermHandle ILexicalPart.FindTerm(string term) => part.FindTerm(term);
        DocTable ILexicalPart.Documents => part.Documents;
        IEnumerable<(byte[] Utf8, TermHandle Term)> ILexicalPart.TermsInOrder()
        {
            foreach (var (utf8, term) in part.TermsInOrder())
            {
                // The term's handle is kept; Open tells a damaged one by its bytes.
                yield return (utf8, term with { Entry = utf8.AsSpan().SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes(from)) >= 0 ? Damaged : null });
            }
        }
        void ILexicalPart.Open(in TermHandle term, PostingsCursor cursor, bool positions)
        {
            if (ReferenceEquals(term.Entry, Damaged))
                FormatViolation.Throw("lexical index: postings damaged (test)");
            part.Open(term, cursor, positions);
        }

        private static readonly object Damaged = new();
    }

    [Fact]
    public void Written_builder_equals_its_persisted_part_re_encoded()
    {
        // Write copies a builder's term bytes; merging a persisted part decodes and re-blocks every
        // posting. The two must agree byte for byte, including terms spanning several blocks.
        int seed = Environment.TickCount;
        var random = new Random(seed);
        for (int round = 0; round < 4; round++)
        {
            var corpus = LexicalCorpus.Random(random, random.Next(1, 1500));
            var builder = corpus.Build();
            var written = LexicalIndexWriter.Write(builder);
            Assert.True(written.AsSpan().SequenceEqual(LexicalIndexMerger.Merge([Persist(builder)])), $"seed {seed} round {round}");
            // An empty part ahead keeps the builder's ordinals at 0, so its terms are still copied.
            Assert.True(written.AsSpan().SequenceEqual(LexicalIndexMerger.Merge([new LexicalIndexBuilder(LexicalCorpus.Analyzer), builder])),
                $"seed {seed} round {round}: after an empty part");
        }
    }

    [Fact]
    public void Merging_parts_out_of_frame_order_is_refused()
    {
        var corpus = LexicalCorpus.Random(new Random(3), 50);
        Assert.Throws<ArgumentException>(() => LexicalIndexMerger.Merge([corpus.Build(25), corpus.Build(0, 25)]));
    }

    [Fact]
    public void Persisted_part_reports_the_builders_statistics()
    {
        var corpus = LexicalCorpus.Random(new Random(5), 300);
        var builder = corpus.Build();
        var part = Persist(builder);
        Assert.Equal(builder.DocumentCount, part.DocumentCount);
        Assert.Equal(builder.TermCount, part.TermCount);
        Assert.Equal(builder.TextStatistics, part.TextStatistics);
        Assert.Equal(builder.TitleStatistics, part.TitleStatistics);
        for (int d = 0; d < builder.DocumentCount; d++)
            Assert.Equal(builder.FrameId(d), part.FrameId(d));
        foreach (var word in corpus.Vocabulary.Append("absent"))
        {
            if (Analyzer.Analyze(word) is not [var token, ..])
            {
                continue; // a stop word
            }
            var term = token.Term;
            Assert.Equal(builder.DocumentFrequency(term), part.DocumentFrequency(term));
        }
    }

    [Fact]
    public void Empty_index_round_trips()
    {
        var part = Persist(new LexicalIndexBuilder(Analyzer));
        Assert.Equal(0, part.DocumentCount);
        Assert.Empty(Search(part, "cat"));
    }

    [Fact]
    public void Truncated_payload_is_a_format_violation()
    {
        var bytes = LexicalIndexWriter.Write(LexicalCorpus.Random(new Random(1), 40).Build());
        for (int length = 0; length < bytes.Length; length++)
        {
            var cut = bytes.AsSpan(0, length).ToArray();
            Assert.Throws<FormatViolation>(() => PersistedLexicalPart.Open(IndexPayload.FromBytes(cut)));
        }
    }

    [Theory]
    [InlineData(0, "magic")]
    [InlineData(4, "version")]
    [InlineData(8, "checksum")]
    [InlineData(72, "checksum")]
    public void Bad_header_is_a_format_violation(int offset, string named)
    {
        var bytes = LexicalIndexWriter.Write(LexicalCorpus.Random(new Random(1), 40).Build());
        bytes[offset] ^= 0x01;
        var error = Assert.Throws<FormatViolation>(() => PersistedLexicalPart.Open(IndexPayload.FromBytes(bytes)));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_of_range_dictionary_offsets_are_format_violations()
    {
        var corpus = LexicalCorpus.Random(new Random(2), 200);
        var bytes = LexicalIndexWriter.Write(corpus.Build());
        int documents = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(LexicalPayloadLayout.DocumentCountOffset));
        int index = LexicalPayloadLayout.HeaderSize + 16 * documents;
        // The postings start of dictionary block 1, pointed far past the postings section.
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(index + LexicalPayloadLayout.IndexEntrySize + LexicalPayloadLayout.IndexPostingsOffset), ulong.MaxValue / 2);
        var part = PersistedLexicalPart.Open(IndexPayload.FromBytes(bytes));
        var error = Assert.Throws<FormatViolation>(() =>
        {
            foreach (var word in corpus.Vocabulary)
                Search(part, word);
        });
        Assert.Contains("outside its sections", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Without page checksums (an array payload) a flipped byte may change results, but every
    /// failure is a <see cref="FormatViolation"/>: no other exception, no hang.</summary>
    [Fact]
    public void Every_flipped_byte_without_checksums_fails_only_as_a_format_violation()
    {
        var corpus = LexicalCorpus.Random(new Random(4), 60, vocabulary: 20, maxLength: 12);
        var bytes = LexicalIndexWriter.Write(corpus.Build());
        string[] queries = ["wa wb wc", "wd AND we", "\"wa wb\"", "title:wf wg -wh"];
        for (int offset = 0; offset < bytes.Length; offset++)
        {
            foreach (byte mask in (byte[])[0x01, 0x80, 0xFF])
            {
                var copy = (byte[])bytes.Clone();
                copy[offset] ^= mask;
                try
                {
                    var part = PersistedLexicalPart.Open(IndexPayload.FromBytes(copy));
                    foreach (var query in queries)
                        Search(part, query, 100);
                    LexicalIndexMerger.Merge([part]);
                }
                catch (FormatViolation)
                {
                }
                catch (Exception e)
                {
                    Assert.Fail($"byte {offset} ^ 0x{mask:X2}: {e.GetType().Name}: {e.Message}");
                }
            }
        }
    }

    /// <summary>With page checksums (a mapped payload), a flipped byte gives a <see cref="FormatViolation"/>
    /// when a query touches its page, and otherwise the unchanged results: never wrong ones.</summary>
    [Fact]
    public unsafe void Every_flipped_byte_with_page_checksums_gives_a_format_violation_or_the_right_results()
    {
        var corpus = LexicalCorpus.Random(new Random(6), 400, vocabulary: 80, maxLength: 30);
        var bytes = LexicalIndexWriter.Write(corpus.Build());
        var crcs = IndexPayload.ComputePageCrcs(bytes);
        string[] queries = ["wa wb wc", "wd AND we", "\"wa wb\"", "title:wf wg -wh"];
        var part = PersistedLexicalPart.Open(IndexPayload.FromBytes(bytes));
        var expected = queries.Select(q => Search(part, q, 100)).ToArray();
        int violations = 0;
        for (int offset = 0; offset < bytes.Length; offset += 7)
        {
            var copy = (byte[])bytes.Clone();
            copy[offset] ^= 0x10;
            fixed (byte* pointer = copy)
            {
                using var payload = IndexPayload.FromMapped(pointer, copy.Length, crcs, null);
                try
                {
                    var corrupt = PersistedLexicalPart.Open(payload);
                    for (int q = 0; q < queries.Length; q++)
                        Assert.Equal(expected[q], Search(corrupt, queries[q], 100));
                }
                catch (FormatViolation)
                {
                    violations++;
                }
            }
        }
        Assert.True(violations > 0);
    }
}
