using Capsule.Codecs;
using Xunit;

namespace Capsule.Tests.Codecs;

public sealed class NativeLibrariesTests
{
    [Fact]
    public void A_missing_library_is_a_typed_error_naming_the_library()
    {
        var ex = Assert.Throws<NativeLibraryMissingException>(() => NativeLibraries.EnsureLoaded("nonexistent-lib-for-test"));

        Assert.Equal("nonexistent-lib-for-test", ex.Library);
        Assert.Contains("nonexistent-lib-for-test", ex.Message);
        Assert.IsAssignableFrom<CapsuleException>(ex);
    }

    [Fact]
    public void The_error_lists_the_names_tried_and_the_install_hint()
    {
        var ex = Assert.Throws<NativeLibraryMissingException>(() =>
            NativeLibraries.EnsureLoaded("zstd", ["libzstd-missing-for-test.so.9", "zstd-missing-for-test.dll"], "on Debian/Ubuntu: apt-get install libzstd1"));

        Assert.Contains("'zstd'", ex.Message);
        Assert.Contains("libzstd-missing-for-test.so.9, zstd-missing-for-test.dll", ex.Message);
        Assert.Contains("apt-get install libzstd1", ex.Message);
    }

    [Fact]
    public void The_test_seam_does_not_poison_the_real_resolution()
    {
        Assert.Throws<NativeLibraryMissingException>(() => NativeLibraries.EnsureLoaded("lz4", ["no-such-lz4.so"], "hint"));

        NativeLibraries.EnsureLoaded(NativeLibraries.Lz4);
        Assert.True(Lz4Native.LZ4_compressBound(100) > 100);
    }

    [Theory]
    [InlineData(NativeLibraries.Zstd)]
    [InlineData(NativeLibraries.Lz4)]
    [InlineData(NativeLibraries.Sodium)]
    public void The_libraries_of_this_machine_image_load(string logicalName)
    {
        var ex = Record.Exception(() => NativeLibraries.EnsureLoaded(logicalName));

        Assert.Null(ex);
    }

    [Fact]
    public void Imports_resolve_through_the_registered_resolver()
    {
        // Debian ships only libzstd.so.1 (libzstd.so comes with -dev), so the default probing of
        // "zstd" finds nothing; a working call proves the module initializer's resolver ran.
        NativeLibraries.EnsureLoaded(NativeLibraries.Zstd);

        Assert.True(ZstdNative.ZSTD_compressBound(1000) >= 1000);
        Assert.Equal(22, ZstdNative.ZSTD_maxCLevel());
    }

    [Fact]
    public void Candidate_names_and_hints_follow_the_platform()
    {
        var names = NativeLibraries.CandidateNames(NativeLibraries.Zstd);
        var hint = NativeLibraries.InstallHint(NativeLibraries.Zstd);

        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(["libzstd.so.1", "libzstd.so"], names);
            Assert.Equal(["libsodium.so.23", "libsodium.so"], NativeLibraries.CandidateNames(NativeLibraries.Sodium));
            Assert.Contains("apt-get install libzstd1", hint);
        }
        else if (OperatingSystem.IsMacOS())
        {
            Assert.Equal("libzstd.1.dylib", names[0]);
            Assert.Contains("brew install zstd", hint);
        }
        else if (OperatingSystem.IsWindows())
        {
            Assert.Equal(["zstd.dll", "libzstd.dll"], names);
            Assert.Contains("zstd.dll", hint);
        }
        else
        {
            Assert.NotEmpty(names);
        }
    }
}
