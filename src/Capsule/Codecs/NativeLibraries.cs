using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Capsule.Codecs;

/// <summary>
/// Maps the logical library names the Capsule assembly imports ("zstd", "lz4", "sodium") to the
/// file names each operating system uses, and turns a missing library into a typed
/// <see cref="NativeLibraryMissingException"/> instead of a late <see cref="DllNotFoundException"/>.
/// </summary>
/// <remarks>
/// The runtime allows exactly one <see cref="DllImportResolver"/> per assembly
/// (<see cref="NativeLibrary.SetDllImportResolver"/> throws on the second call), so every
/// <c>[LibraryImport]</c> in Capsule, in any folder, resolves through this one table.
/// Resolution results (success and failure) are cached per logical name: probing the loader is
/// slow and a library does not appear or vanish while the process runs.
/// </remarks>
internal static class NativeLibraries
{
    internal const string Zstd = "zstd";
    internal const string Lz4 = "lz4";
    internal const string Sodium = "sodium";

    /// <summary>
    /// The C library (the writer lock's fcntl). Linux names glibc's file: the runtime's default probing tried about
    /// sixteen paths first (the app directory, "libc.so", a linker script when the -dev package is installed,
    /// "liblibc.so", ...) in the first Create or Open of a process. When it does not load (musl), resolution falls
    /// back to the default probing.
    /// </summary>
    internal const string Libc = "libc";

    private static readonly ConcurrentDictionary<string, Resolution> s_cache = new(StringComparer.Ordinal);

    /// <summary>The outcome of probing one logical library: a handle, or zero and the names tried.</summary>
    private sealed record Resolution(nint Handle, IReadOnlyList<string> Tried);

    // CA2255 warns that module initializers in libraries run code the host did not ask for. Here
    // that is the point: the resolver must be in place before the first P/Invoke from any type in
    // this assembly, and registration is cheap (it loads nothing until a library is first used).
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() =>
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraries).Assembly, Resolve);

    /// <summary>
    /// Loads <paramref name="logicalName"/> (or finds it cached) and throws a
    /// <see cref="NativeLibraryMissingException"/> naming the library, the file names tried and how
    /// to install it when no candidate loads.
    /// </summary>
    /// <exception cref="NativeLibraryMissingException">No candidate file name could be loaded.</exception>
    internal static void EnsureLoaded(string logicalName)
    {
        var resolution = s_cache.GetOrAdd(logicalName, static name => Probe(CandidateNames(name)));
        ThrowIfMissing(logicalName, resolution, InstallHint(logicalName));
    }

    /// <summary>
    /// Test seam: the same check as <see cref="EnsureLoaded(string)"/> with an explicit candidate
    /// list and hint, so tests can provoke the failure path without uninstalling anything. It
    /// bypasses the cache so that a test cannot poison the resolution of a real library.
    /// </summary>
    /// <exception cref="NativeLibraryMissingException">No candidate file name could be loaded.</exception>
    internal static void EnsureLoaded(string logicalName, IReadOnlyList<string> candidateNames, string installHint) =>
        ThrowIfMissing(logicalName, Probe(candidateNames), installHint);

    private static void ThrowIfMissing(string logicalName, Resolution resolution, string installHint)
    {
        if (resolution.Handle == 0)
        {
            throw new NativeLibraryMissingException(logicalName, resolution.Tried, installHint);
        }
    }

    /// <summary>The file names tried for <paramref name="logicalName"/> on the current operating system, in order.</summary>
    internal static IReadOnlyList<string> CandidateNames(string logicalName)
    {
        // Only the current OS's names are tried so that the error message lists what mattered.
        // The versioned Unix names come first: the unversioned symlink (libzstd.so) exists only
        // when the -dev package is installed, while the runtime package ships libzstd.so.1.
        if (OperatingSystem.IsWindows())
        {
            return logicalName switch
            {
                Zstd => ["zstd.dll", "libzstd.dll"],
                Lz4 => ["lz4.dll", "liblz4.dll"],
                Sodium => ["libsodium.dll"],
                _ => [logicalName + ".dll", "lib" + logicalName + ".dll"],
            };
        }

        if (OperatingSystem.IsMacOS())
        {
            // Homebrew's prefixes are not on dlopen's default path, and SIP strips
            // DYLD_LIBRARY_PATH from many launchers, so the usual absolute paths are tried too.
            return logicalName switch
            {
                Zstd => ["libzstd.1.dylib", "libzstd.dylib", "/opt/homebrew/lib/libzstd.1.dylib", "/usr/local/lib/libzstd.1.dylib"],
                Lz4 => ["liblz4.1.dylib", "liblz4.dylib", "/opt/homebrew/lib/liblz4.1.dylib", "/usr/local/lib/liblz4.1.dylib"],
                Sodium => ["libsodium.26.dylib", "libsodium.23.dylib", "libsodium.dylib", "/opt/homebrew/lib/libsodium.dylib", "/usr/local/lib/libsodium.dylib"],
                _ => ["lib" + logicalName + ".dylib"],
            };
        }

        return logicalName switch
        {
            Zstd => ["libzstd.so.1", "libzstd.so"],
            Lz4 => ["liblz4.so.1", "liblz4.so"],
            Sodium => ["libsodium.so.23", "libsodium.so"],
            Libc => ["libc.so.6"],
            _ => ["lib" + logicalName + ".so", logicalName],
        };
    }

    /// <summary>How to install <paramref name="logicalName"/>, in the words of the current platform's package manager.</summary>
    internal static string InstallHint(string logicalName)
    {
        var (debian, brew) = logicalName switch
        {
            Zstd => ("libzstd1", "zstd"),
            Lz4 => ("liblz4-1", "lz4"),
            Sodium => ("libsodium23", "libsodium"),
            _ => ((string?)null, (string?)null),
        };
        if (debian is null || brew is null)
        {
            return "no install hint is known for this library";
        }

        if (OperatingSystem.IsWindows())
        {
            return $"place {CandidateNames(logicalName)[0]} next to the application or on PATH";
        }

        return OperatingSystem.IsMacOS()
            ? $"on macOS: brew install {brew}"
            : $"on Debian/Ubuntu: apt-get install {debian}; on Fedora/RHEL: dnf install {brew}";
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        // Names this table does not know go straight back to the runtime's default probing, untouched.
        // For known names, zero also means "default probing": for the codecs and sodium that then raises
        // DllNotFoundException (callers that want the typed error call EnsureLoaded first); for libc on musl
        // it finds the C library as before.
        if (libraryName is not (Zstd or Lz4 or Sodium or Libc))
        {
            return 0;
        }

        return s_cache.GetOrAdd(libraryName, static name => Probe(CandidateNames(name))).Handle;
    }

    private static Resolution Probe(IReadOnlyList<string> candidateNames)
    {
        var assembly = typeof(NativeLibraries).Assembly;
        foreach (var name in candidateNames)
        {
            // The assembly-aware overload also probes the application directory (where a
            // self-contained deployment would ship the library). It does not call back into
            // this resolver, so there is no recursion.
            if (NativeLibrary.TryLoad(name, assembly, searchPath: null, out var handle))
            {
                return new Resolution(handle, candidateNames);
            }
        }

        return new Resolution(0, candidateNames);
    }
}
