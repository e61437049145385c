using Capsule.Engine;
using Capsule.Engine.Indexes;
using Capsule.Format;
using Capsule.Storage;

namespace Capsule;

/// <summary>
/// A capsule: an agent's or a team's memory in one append-only file. One writer and many readers
/// (in any processes) may have it open; readers see the newest commit they opened or refreshed to.
/// Every public member is thread-safe (one lock per instance).
/// </summary>
public sealed partial class Capsule : IDisposable
{
    private readonly Lock _gate = new(); // System.Threading.Lock: a cheaper uncontended enter than Monitor on an object
    private readonly IStorageDevice _device;
    private readonly CapsuleOptions _options;
    private readonly FrameReader _reader;
    private readonly RunIndexer _indexer;
    private readonly OpenedIndexes _indexes;
    private IndexSettings _settings;
    private bool _forceSeal; // set by Commit(sealTail: true) for the commit being written
    private CommittedState _state;
    private Superblock _superblock;
    private int _nextSlot;
    private PendingWrites? _pending;
    private Engine.Indexes.EarlyFullTextBuild? _earlyIndex; // the next run's full-text part, built while frames are put (Capsule.Write.cs)
    private bool _disposed;

    /// <summary>Set in an encrypted capsule once this session's seal epoch is durable (FORMAT.md §16.2).</summary>
    private bool _epochDurable;

    /// <summary>An as-of view (<see cref="OpenAsOf(string, AsOf, CapsuleOptions?)"/>): read-only whatever the device allows, and never refreshed.</summary>
    private readonly bool _view;

    private Capsule(IStorageDevice device, CapsuleOptions options, CommittedState state, Superblock superblock, int nextSlot, bool view = false)
    {
        _view = view;
        _device = device;
        _options = options;
        _state = state;
        _superblock = superblock;
        _nextSlot = nextSlot;
        _reader = new FrameReader(device, options.BlockCacheBytes);
        _indexer = new RunIndexer(device, _reader, IndexKinds.All);
        _indexes = new OpenedIndexes(_indexer);
        _settings = state.Head is { SettingsOffset: > 0 } ? SettingsCodec.Read(device, state.Head) : options.Indexing;
        if (!device.IsReadOnly && !view)
        {
            _pending = new PendingWrites(state.NextFrameId);
        }
    }

    /// <summary>The file (or device) this capsule lives in.</summary>
    public string Path => _device.Name;

    public bool IsReadOnly => _device.IsReadOnly || _view;

    /// <summary>Creates a new capsule file; fails if the file exists.</summary>
    /// <exception cref="CapsuleException">The file already exists.</exception>
    /// <exception cref="ArgumentException"><see cref="CapsuleOptions.Password"/> is empty (nothing is created).</exception>
    public static Capsule Create(string path, CapsuleOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path))
        {
            throw new CapsuleException("a file already exists at this path; open it instead, or choose another path", path);
        }
        (options ?? new CapsuleOptions()).Validate(); // before the file exists: bad options leave nothing behind
        var device = FileDevice.CreateNew(path);
        return CreateOn(device, options ?? new CapsuleOptions());
    }

    /// <summary>Creates a new capsule on an empty device (the seam used for in-memory capsules and fault injection).</summary>
    public static Capsule Create(IStorageDevice device, CapsuleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (device.Length != 0)
        {
            throw new CapsuleException("the device is not empty", device.Name);
        }
        return CreateOn(device, options ?? new CapsuleOptions());
    }

    /// <summary>Opens an existing capsule file, read-write unless <see cref="CapsuleOptions.ReadOnly"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="NotACapsuleException">The file is not a capsule.</exception>
    /// <exception cref="CorruptCapsuleException">Committed bytes are damaged.</exception>
    /// <exception cref="UnsupportedFormatException">The capsule was written by a newer format version.</exception>
    /// <exception cref="CapsuleLockedException">Another writer has it open (read-write only).</exception>
    /// <exception cref="PasswordRequiredException">The capsule is encrypted and <see cref="CapsuleOptions.Password"/> is not set, or it is set for a plain capsule.</exception>
    /// <exception cref="WrongPasswordException">The password does not open the encrypted capsule.</exception>
    public static Capsule Open(string path, CapsuleOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new CapsuleOptions();
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"no capsule at {path}", path);
        }
        return OpenOn(FileDevice.Open(path, options.ReadOnly), options);
    }

    /// <summary>Opens a capsule on a device. The capsule owns the device from here on and disposes it.</summary>
    public static Capsule Open(IStorageDevice device, CapsuleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        return OpenOn(device, options ?? new CapsuleOptions());
    }

    private static Capsule CreateOn(IStorageDevice device, CapsuleOptions options)
    {
        options.Validate();
        try
        {
            device.AcquireWriterLock(options.LockTimeout);
            var created = Time.ToMicros(options.Clock.GetUtcNow());
            var first = new Superblock(Superblock.CurrentMajor, Superblock.CurrentMinor, 0, 0, 1, 0, 0, Superblock.DataStart, created);
            byte[]? dataKey = null;
            if (options.Password is { } password)
            {
                (var block, dataKey) = Crypto.CapsuleKeys.Create(password, options.KdfIterations, options.KdfMemoryBytes, created, options.RandomBytes);
                first = first with { IncompatibleFeatures = Superblock.EncryptedFeature, Key = block };
            }
            var slot = new byte[Superblock.SlotSize];
            first.WriteTo(slot);
            device.Write(Superblock.SlotOffset(0), slot);
            (first with { Generation = 0 }).WriteTo(slot);
            device.Write(Superblock.SlotOffset(1), slot);
            device.Flush();
            if (dataKey is not null)
            {
                // A new file holds no earlier bytes at any offset, so epoch 0 needs no bump.
                device = new Crypto.SealedDevice(device, dataKey, 0, options.BlockCacheBytes);
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(dataKey);
            }
            return new Capsule(device, options, new CommittedState(), first, nextSlot: 1) { _epochDurable = true };
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    private static Capsule OpenOn(IStorageDevice device, CapsuleOptions options)
    {
        try
        {
            options.Validate();
            if (!device.IsReadOnly)
            {
                device.AcquireWriterLock(options.LockTimeout);
            }
            device.Refresh();
            var choice = Recovery.ReadSuperblocks(device);
            device = Unseal(device, choice.Chosen, options);
            // A writer may append between reading the length and reading the superblock; the commit a
            // superblock names was appended before the superblock was written, so a fresh length covers it.
            device.Refresh();
            var state = Recovery.Recover(device, choice.Chosen, options.Branch);
            var capsule = new Capsule(device, options, state, choice.Chosen, 1 - choice.ChosenSlot);
            if (!device.IsReadOnly)
            {
                capsule.RepairAfterOpen(choice);
            }
            return capsule;
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    /// <summary>
    /// For an encrypted capsule (the chosen superblock has the key block): derives the key from the
    /// password and returns the device that reads plaintext. A plain capsule keeps its device.
    /// </summary>
    /// <exception cref="PasswordRequiredException">Encrypted without a password, or a password for a plain capsule.</exception>
    /// <exception cref="WrongPasswordException">The password does not open the capsule.</exception>
    internal static IStorageDevice Unseal(IStorageDevice device, Superblock chosen, CapsuleOptions options, bool leaveInnerOpen = false)
    {
        if (!chosen.IsEncrypted)
        {
            return options.Password is null ? device
                : throw new PasswordRequiredException("the capsule is not encrypted, but a password was given", device.Name);
        }
        if (options.Password is null)
        {
            throw new PasswordRequiredException("the capsule is encrypted: a password is required to open it", device.Name);
        }
        var dataKey = Crypto.CapsuleKeys.Unlock(chosen.Key!, options.Password, chosen.CreatedAtMicros, device.Name);
        try
        {
            return new Crypto.SealedDevice(device, dataKey, chosen.Key!.SealEpoch, options.BlockCacheBytes, leaveInnerOpen);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>
    /// Before an encrypted capsule's session appends its first record (or appends again after a failed
    /// commit was cut back), it moves to a new seal epoch and makes that durable: offsets past the last
    /// commit may already hold bytes sealed by an earlier attempt, and the epoch in the nonce keeps the
    /// new ones from reusing a (key, nonce) pair (FORMAT.md §16.2).
    /// </summary>
    private void EnsureSealEpoch()
    {
        if (_epochDurable || _device is not Crypto.SealedDevice sealedDevice)
        {
            return;
        }
        var epoch = (ushort)(_superblock.Key!.SealEpoch + 1);
        _superblock = _superblock with { Key = _superblock.Key with { SealEpoch = epoch } };
        WriteSuperblock();
        _device.Flush();
        sealedDevice.Epoch = epoch;
        _epochDurable = true;
    }

    /// <summary>
    /// A writer cuts a torn tail (bytes no commit owns), and points a superblock at the recovered head
    /// when the scan found newer commits or a slot was damaged, so both slots are valid again.
    /// </summary>
    private void RepairAfterOpen(Recovery.SuperblockChoice choice)
    {
        if (_superblock.Generation >= Superblock.MaxGeneration - (1UL << 32))
        {
            // Unreachable by writing (it would take 2^63 commits); refusing keeps the counter from wrapping.
            throw new CorruptCapsuleException($"superblock generation {_superblock.Generation} is implausibly large", Path, Superblock.SlotOffset(choice.ChosenSlot), "superblock");
        }
        // A format-1 file is upgraded before anything new is appended: with the superblock saying format 2
        // first, an older reader refuses the file instead of mistaking the new records for a torn tail.
        var stale = _superblock.HeadCommitOffset != _state.NewestOffset || !choice.SlotValid.All(v => v) || _superblock.Major != Superblock.CurrentMajor;
        if (_state.TornTailBytes > 0)
        {
            _device.Truncate(_state.ValidEnd);
            _state.TornTailBytes = 0;
            stale = true;
        }
        if (stale)
        {
            WriteSuperblock();
            _device.Flush();
        }
    }

    private void WriteSuperblock()
    {
        var next = _superblock with
        {
            Major = Superblock.CurrentMajor,
            Minor = Superblock.CurrentMinor,
            Generation = _superblock.Generation + 1,
            HeadCommitOffset = _state.NewestOffset,
            HeadCommitSequence = _state.Newest?.Sequence ?? 0,
            ScanStart = _state.ValidEnd,
        };
        var slot = new byte[Superblock.SlotSize];
        next.WriteTo(slot);
        _device.Write(Superblock.SlotOffset(_nextSlot), slot);
        _superblock = next;
        _nextSlot = 1 - _nextSlot;
    }

    /// <summary>
    /// For readers: moves to the newest commit another process has made durable. Returns true when the
    /// view changed. A writer always sees its own commits, and an as-of view stays at its point, so
    /// this does nothing for them.
    /// </summary>
    public bool Refresh()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            if (!_device.IsReadOnly || _view)
            {
                return false;
            }
            _device.Refresh();
            var choice = Recovery.ReadSuperblocks(_device);
            _device.Refresh();
            var state = Recovery.Recover(_device, choice.Chosen, _state.Branch);
            if (state.NewestOffset == _state.NewestOffset)
            {
                return false;
            }
            _superblock = choice.Chosen;
            var moved = state.HeadOffset != _state.HeadOffset;
            Adopt(state);
            return moved;
        }
    }

    /// <summary>Makes <paramref name="state"/> the committed state this instance reads (after a refresh, a rewind or a branch switch).</summary>
    private void Adopt(CommittedState state)
    {
        _state = state;
        _settings = state.Head is { SettingsOffset: > 0 } ? SettingsCodec.Read(_device, state.Head) : _options.Indexing;
        _reader.Reset();
        _indexes.ResetTails();
        _indexes.RetainRuns(state.Runs);
        DropEarlyIndex();
        if (_pending is not null)
        {
            _pending = new PendingWrites(state.NextFrameId);
        }
    }

    /// <summary>Closes the capsule. Uncommitted puts are discarded; committed data is already durable.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            try
            {
                if (!IsReadOnly)
                {
                    _device.Flush(); // makes the last superblock write durable too
                }
            }
            finally
            {
                DropEarlyIndex();
                _indexes.Dispose();
                _reader.Reset();
                _device.Dispose();
            }
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private PendingWrites Writable()
    {
        ThrowIfDisposed();
        if (_view)
        {
            throw new InvalidOperationException($"{Path} is open as of an earlier point; as-of views are read-only");
        }
        return _pending ?? throw new InvalidOperationException($"{Path} is open read-only");
    }
}
