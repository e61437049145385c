namespace Capsule.Codecs;

/// <summary>
/// A Zstandard dictionary: its bytes (which the capsule stores once and blocks refer to) plus the
/// native digested forms, created on first use because digesting costs far more than one small
/// block's compression (zstd manual: "ZSTD_createCDict ... is expensive").
/// </summary>
/// <remarks>
/// Thread safety: any number of threads may compress and decompress with one instance at once.
/// zstd documents CDict and DDict as read-only once created, so they are shared; the mutable
/// per-call state lives in each thread's context (see <see cref="BlockCodec"/>). Creation is
/// guarded by a lock. <see cref="Dispose"/> may race with use: the handles are SafeHandles, so a
/// native call in flight keeps its handle alive and later calls get <see cref="ObjectDisposedException"/>.
/// </remarks>
internal sealed class ZstdDictionary : IDisposable
{
    /// <summary>ZDICT_DICTSIZE_MIN from zdict.h: ZDICT refuses to produce anything smaller.</summary>
    internal const int MinTrainedSize = 256;

    private readonly byte[] _content;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, ZstdCompressDictionaryHandle> _compressionDictionaries = [];
    private ZstdDecompressDictionaryHandle? _decompressionDictionary;
    private bool _decompressionDictionaryRejected;
    private bool _disposed;

    private ZstdDictionary(byte[] content)
    {
        _content = content;
    }

    /// <summary>The dictionary bytes, exactly as they are to be stored.</summary>
    public ReadOnlyMemory<byte> Content => _content;

    /// <summary>
    /// Trains a dictionary on <paramref name="samples"/> with zstd's default trainer
    /// (ZDICT_trainFromBuffer_fastCover with fixed k=200, d=8, single-threaded, so the same samples give the same
    /// bytes). Returns null when zstd cannot train one, e.g. too few or too small samples;
    /// that is an expected outcome for small segments, not an error.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDictionaryBytes"/> is not positive.</exception>
    /// <exception cref="ArgumentException">The samples together exceed the largest array .NET can allocate.</exception>
    public static unsafe ZstdDictionary? Train(IReadOnlyList<ReadOnlyMemory<byte>> samples, int maxDictionaryBytes)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDictionaryBytes);

        long total = 0;
        foreach (var sample in samples)
        {
            total += sample.Length;
        }

        if (total > Array.MaxLength)
        {
            throw new ArgumentException($"the samples total {total} bytes; at most {Array.MaxLength} can be trained on at once", nameof(samples));
        }

        // Nothing to learn from; also keeps a null pointer away from the native trainer.
        if (total == 0 || maxDictionaryBytes < MinTrainedSize)
        {
            return null;
        }

        // ZDICT wants the samples laid end to end, with their lengths in a size_t array.
        var buffer = new byte[total];
        var sizes = new nuint[samples.Count];
        var offset = 0;
        for (var i = 0; i < samples.Count; i++)
        {
            var span = samples[i].Span;
            span.CopyTo(buffer.AsSpan(offset));
            sizes[i] = (nuint)span.Length;
            offset += span.Length;
        }

        NativeLibraries.EnsureLoaded(NativeLibraries.Zstd);
        var dictionary = new byte[maxDictionaryBytes];
        nuint written;

        // SAFETY: all three arrays are pinned for the call; the capacities passed are their exact
        // lengths, and sizes.Length == samples.Count, whose entries sum to buffer.Length.
        fixed (byte* dict = dictionary)
        fixed (byte* src = buffer)
        fixed (nuint* lengths = sizes)
        {
            // k=200, d=8 are the middle of zstd's own search range; f=20 and accel=1 are its defaults.
            // dictID 0 lets zstd derive the id from the content, so training stays deterministic.
            var parameters = new ZstdNative.FastCoverParameters { K = 200, D = 8, F = 20, Threads = 1, SplitPoint = 1.0, Accel = 1, CompressionLevel = 3 };
            written = ZstdNative.ZDICT_trainFromBuffer_fastCover(dict, (nuint)dictionary.Length, src, lengths, (uint)sizes.Length, parameters);
        }

        if (ZstdNative.ZDICT_isError(written) != 0 || written == 0 || written > (nuint)dictionary.Length)
        {
            return null;
        }

        return new ZstdDictionary(dictionary.AsSpan(0, (int)written).ToArray());
    }

    /// <summary>
    /// Wraps stored dictionary bytes (copied, so the caller's buffer may be reused). The bytes are
    /// not validated here: a damaged dictionary makes decompression report failure, not this call.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="content"/> is empty.</exception>
    public static ZstdDictionary FromBytes(ReadOnlyMemory<byte> content)
    {
        if (content.IsEmpty)
        {
            throw new ArgumentException("a zstd dictionary cannot be empty", nameof(content));
        }

        return new ZstdDictionary(content.ToArray());
    }

    /// <summary>
    /// The digested dictionary for compression at <paramref name="level"/>, created on first use.
    /// A CDict fixes its level at creation, so one is kept per level used.
    /// </summary>
    /// <exception cref="ArgumentException">libzstd rejects the dictionary bytes.</exception>
    /// <exception cref="ObjectDisposedException">This dictionary was disposed.</exception>
    internal unsafe ZstdCompressDictionaryHandle GetCompressionDictionary(int level)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_compressionDictionaries.TryGetValue(level, out var existing))
            {
                return existing;
            }

            NativeLibraries.EnsureLoaded(NativeLibraries.Zstd);
            ZstdCompressDictionaryHandle created;

            // SAFETY: _content is pinned for the call and never empty (see the factories);
            // ZSTD_createCDict copies the bytes, so the pin need not outlive the call.
            fixed (byte* dict = _content)
            {
                created = ZstdNative.ZSTD_createCDict(dict, (nuint)_content.Length, level);
            }

            if (created.IsInvalid)
            {
                created.Dispose();
                throw new ArgumentException("libzstd rejected the dictionary bytes (corrupted zstd dictionary header)");
            }

            _compressionDictionaries.Add(level, created);
            return created;
        }
    }

    /// <summary>
    /// The digested dictionary for decompression, created on first use, or null when libzstd
    /// rejects the bytes (they come from a file and may be damaged; decoding then fails softly).
    /// </summary>
    /// <exception cref="ObjectDisposedException">This dictionary was disposed.</exception>
    internal unsafe ZstdDecompressDictionaryHandle? TryGetDecompressionDictionary()
    {
        // Fast path without the lock: every block read asks for the DDict. Dispose nulls the
        // field, so after disposal this falls through to the lock and throws.
        var ready = Volatile.Read(ref _decompressionDictionary);
        if (ready is not null)
        {
            return ready;
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_decompressionDictionary is not null || _decompressionDictionaryRejected)
            {
                return _decompressionDictionary;
            }

            NativeLibraries.EnsureLoaded(NativeLibraries.Zstd);
            ZstdDecompressDictionaryHandle created;

            // SAFETY: as in GetCompressionDictionary; ZSTD_createDDict copies the bytes.
            fixed (byte* dict = _content)
            {
                created = ZstdNative.ZSTD_createDDict(dict, (nuint)_content.Length);
            }

            if (created.IsInvalid)
            {
                created.Dispose();
                _decompressionDictionaryRejected = true;
                return null;
            }

            Volatile.Write(ref _decompressionDictionary, created);
            return created;
        }
    }

    /// <summary>Frees the native digested forms. <see cref="Content"/> stays readable.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var handle in _compressionDictionaries.Values)
            {
                handle.Dispose();
            }

            _compressionDictionaries.Clear();
            _decompressionDictionary?.Dispose();
            _decompressionDictionary = null;
        }
    }
}
