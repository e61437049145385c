using Capsule.Format;
using Capsule.Indexing.Lexical.Analysis;

namespace Capsule.Tests.Format;

/// <summary>The spelled-out enum checks (kept off reflection for a one-shot command's cold start) agree with the enums.</summary>
public sealed class EnumCheckTests
{
    [Fact]
    public void Index_type_check_agrees_with_the_enum_for_every_byte()
    {
        for (var value = 0; value <= byte.MaxValue; value++)
        {
            Assert.True(Enum.IsDefined((IndexType)value) == IndexTypes.IsDefined((byte)value), $"index type {value}");
        }
    }

    [Fact]
    public void Stop_word_set_check_agrees_with_the_enum_for_every_byte()
    {
        for (var value = 0; value <= byte.MaxValue; value++)
        {
            Assert.True(Enum.IsDefined((StopWordSet)value) == StopWordSets.IsDefined((StopWordSet)value), $"stop word set {value}");
        }
    }

    [Fact]
    public void Frame_kind_check_agrees_with_the_enum_for_every_byte()
    {
        for (var value = 0; value <= byte.MaxValue; value++)
        {
            Assert.True(Enum.IsDefined((FrameKind)value) == FrameKinds.IsDefined((byte)value), $"frame kind {value}");
        }
    }
}
