using Capsule.Codecs;
using Capsule.Crypto;
using Capsule.Format;
using Capsule.Storage;

namespace Capsule.Tests.Encryption;

/// <summary>
/// The decrypted plaintext an encrypted capsule holds in memory: chunks in the CLOCK cache and index
/// payloads decrypted whole when an index opens. Both count against one budget
/// (<see cref="CapsuleOptions.BlockCacheBytes"/>), and closing the capsule releases the payloads.
/// </summary>
public sealed class DecryptedMemoryTests
{
    private static readonly byte[] Stored = Build();

    /// <summary>Raw-coded frames of seeded random words in several sealed runs, so there is ciphertext to cache and index payloads to decrypt.</summary>
    private static byte[] Build()
    {
        var random = new Random(4242);
        var words = Enumerable.Range(0, 4000).Select(i => $"w{i}x{random.Next(1000)}").ToArray();
        var device = new MemoryDevice("memory-budget");
        using (var capsule = Capsule.Create(device, EncryptedCapsuleTests.Weak() with
        {
            Codecs = [CodecId.Raw],
            SealFrameThreshold = 150,
            SealCommitThreshold = 100,
            RunMergeFactor = 10,
        }))
        {
            for (var i = 0; i < 600; i++)
            {
                capsule.Put(new FrameDraft(string.Join(' ', Enumerable.Range(0, 80).Select(_ => words[random.Next(words.Length)])))
                {
                    Uri = $"doc/{i}",
                    EventTime = DateTimeOffset.UnixEpoch.AddDays(i),
                    Embedding = [random.NextSingle(), random.NextSingle(), random.NextSingle(), random.NextSingle()],
                });
                if (i % 50 == 49)
                {
                    capsule.Commit();
                }
            }
        }
        return device.ToArray();
    }

    private static Capsule Open(long budget) =>
        Capsule.Open(new MemoryDevice("memory-budget", Stored, readOnly: true), new CapsuleOptions
        {
            ReadOnly = true,
            Password = EncryptedCapsuleTests.Weak().Password,
            BlockCacheBytes = budget,
        });

    /// <summary>Reads every frame (filling the chunk cache), then opens every index kind.</summary>
    private static void ReadAndSearch(Capsule capsule)
    {
        foreach (var frame in capsule.Frames())
        {
            capsule.Get(frame.Id);
        }
        capsule.Search("w1x1 w2x2 w3x3", new SearchOptions { K = 5 });
        capsule.SearchVectors([1, 0, 0, 0], new VectorSearchOptions { K = 3 });
        capsule.FramesBetween(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(10), TimeField.Event, limit: 5);
    }

    /// <summary>The bytes of every live run's index payloads, with a budget large enough for everything.</summary>
    private static long AllPayloadBytes()
    {
        using var capsule = Open(budget: 1L << 30);
        ReadAndSearch(capsule);
        return capsule.SealedDevice!.DecryptedIndexBytes;
    }

    [Fact]
    public void Index_payloads_and_cached_chunks_share_the_budget()
    {
        var payloads = AllPayloadBytes();
        Assert.True(payloads > 0, "opening the indexes of an encrypted capsule decrypts their payloads, and that memory is counted");
        Assert.True(Stored.Length - Superblock.DataStart > payloads + 4 * SealedLayout.ChunkLength, "the test needs more ciphertext than the chunk cache will get");
        var budget = payloads + 4 * SealedLayout.ChunkLength;

        using var capsule = Open(budget);
        ReadAndSearch(capsule);
        ReadAndSearch(capsule); // reads again with the indexes open: the cache refills only the room they left

        var device = capsule.SealedDevice!;
        Assert.Equal(payloads, device.DecryptedIndexBytes);
        Assert.True(device.CachedChunkBytes > 0, "point reads still cache");
        Assert.True(device.DecryptedIndexBytes + device.CachedChunkBytes <= budget,
            $"{device.DecryptedIndexBytes} payload bytes + {device.CachedChunkBytes} chunk bytes exceed the {budget}-byte budget");
    }

    [Fact]
    public void Payloads_larger_than_the_budget_are_closed_least_recently_used_and_reopened_when_needed()
    {
        var payloads = AllPayloadBytes();
        string Answers(Capsule c) =>
            string.Join(",", c.Search("w1x1 w2x2 w3x3", new SearchOptions { K = 5 }).Select(h => h.FrameId))
            + "|" + string.Join(",", c.SearchVectors([1, 0, 0, 0], new VectorSearchOptions { K = 3 }).Select(h => h.FrameId))
            + "|" + string.Join(",", c.FramesBetween(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(10), TimeField.Event, limit: 5).Select(f => f.Id));
        string expected;
        using (var roomy = Open(budget: 1L << 30))
        {
            expected = Answers(roomy);
        }

        using var capsule = Open(budget: payloads / 2);
        var device = capsule.SealedDevice!;
        for (var round = 0; round < 3; round++)
        {
            Assert.Equal(expected, Answers(capsule)); // evicted indexes are decrypted again on demand
        }
        // Before each query the least recently used indexes were closed down to the budget, so what is held
        // now is at most the budget plus what the last query (the time range) opened.
        Assert.True(device.DecryptedIndexBytes < payloads, $"{device.DecryptedIndexBytes} of {payloads} payload bytes still held");
    }

    [Fact]
    public void Closing_the_capsule_releases_the_decrypted_payloads()
    {
        SealedDevice device;
        using (var capsule = Open(budget: 1L << 30))
        {
            ReadAndSearch(capsule);
            device = capsule.SealedDevice!;
            Assert.True(device.DecryptedIndexBytes > 0);
        }

        Assert.Equal(0, device.DecryptedIndexBytes);
        Assert.Equal(0, device.CachedChunkBytes);
    }

    /// <summary>
    /// A writer whose runs merge closes the merged-away runs' indexes, and their decrypted bytes leave the
    /// count with them: afterwards it holds what a fresh reader of the same file holds after the same search.
    /// </summary>
    [Fact]
    public void Runs_merged_away_give_their_decrypted_payloads_back()
    {
        var device = new MemoryDevice("merging");
        using var writer = Capsule.Create(device, EncryptedCapsuleTests.Weak() with { SealFrameThreshold = 1000, SealCommitThreshold = 1, RunMergeFactor = 2 });
        var held = new List<long>();
        for (var i = 0; i < 8; i++)
        {
            writer.Put(new FrameDraft($"note {i} about gliders and wing stall number {i}") { Uri = $"n/{i}" });
            writer.Commit(); // every commit seals a run; every second seal merges
            writer.Search("gliders stall", new SearchOptions { K = 3 });
            held.Add(writer.SealedDevice!.DecryptedIndexBytes);
        }

        using var fresh = Capsule.Open(new MemoryDevice("merging", device.ToArray(), readOnly: true),
            new CapsuleOptions { ReadOnly = true, Password = EncryptedCapsuleTests.Weak().Password });
        fresh.Search("gliders stall", new SearchOptions { K = 3 });

        Assert.True(fresh.SealedDevice!.DecryptedIndexBytes > 0);
        Assert.Equal(fresh.SealedDevice.DecryptedIndexBytes, writer.SealedDevice!.DecryptedIndexBytes);
        Assert.Contains(held.Zip(held.Skip(1)), pair => pair.Second < pair.First); // a merge released more than its output took
    }
}
