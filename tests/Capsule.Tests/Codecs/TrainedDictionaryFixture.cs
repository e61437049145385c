using Capsule.Codecs;
using Xunit;

namespace Capsule.Tests.Codecs;

/// <summary>One dictionary trained on JSON-ish samples, shared by a test class (training takes a moment).</summary>
public sealed class TrainedDictionaryFixture : IDisposable
{
    public const int TrainingSeed = 7;

    public TrainedDictionaryFixture()
    {
        Dictionary = ZstdDictionary.Train(CodecTestData.JsonSamples(1000, TrainingSeed), 16 * 1024)
            ?? throw new InvalidOperationException("training on 1000 JSON samples produced no dictionary");
    }

    internal ZstdDictionary Dictionary { get; }

    public void Dispose() => Dictionary.Dispose();
}
