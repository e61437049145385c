namespace Capsule.Tests.Crash;

/// <summary>A frame as the model remembers it.</summary>
/// <remarks><paramref name="Stamp"/> orders frames by when they were written (branch tests: a merge's "newest wins" and shared history).</remarks>
public sealed record ModelFrame(ulong Id, FrameKind Kind, string Uri, string Text, ulong? Supersedes, long Stamp = 0);

/// <summary>
/// The reference model of a capsule's committed contents: frames by id, the dead set, and the same
/// upsert / update / delete rules the engine promises. Crash tests compare the engine against it.
/// </summary>
public sealed class MemoryModel
{
    private readonly List<ModelFrame> _frames = [];
    private readonly HashSet<ulong> _dead = [];

    public IReadOnlyList<ModelFrame> Frames => _frames;

    public ulong NextId => (ulong)_frames.Count;

    public MemoryModel Clone()
    {
        var copy = new MemoryModel { Stamps = Stamps };
        copy._frames.AddRange(_frames);
        copy._dead.UnionWith(_dead);
        return copy;
    }

    /// <summary>The model as of frame count <paramref name="count"/>: frames 0..count-1 with their effects.</summary>
    public MemoryModel Prefix(ulong count)
    {
        var copy = new MemoryModel { Stamps = Stamps };
        foreach (var f in _frames.Take((int)count))
        {
            copy._frames.Add(f);
            if (f.Supersedes is { } s) copy._dead.Add(s);
        }
        return copy;
    }

    /// <summary>Stamps the next frames with increasing numbers from a counter shared by all the models of a scenario.</summary>
    public Func<long>? Stamps { get; set; }

    public bool IsLive(ulong id) => id < NextId && _frames[(int)id].Kind != FrameKind.Tombstone && !_dead.Contains(id);

    public ModelFrame? LiveByUri(string uri) =>
        uri.Length == 0 ? null : _frames.LastOrDefault(f => f.Uri == uri && IsLive(f.Id));

    public ulong Put(string uri, string text, FrameKind kind = FrameKind.Fact) => Add(kind, uri, text, LiveByUri(uri)?.Id);

    public ulong? Update(string uri, string text)
    {
        var current = LiveByUri(uri);
        return current is null ? null : Add(FrameKind.Fact, uri, text, current.Id);
    }

    public bool Delete(ulong id)
    {
        if (!IsLive(id))
        {
            return false;
        }
        Add(FrameKind.Tombstone, _frames[(int)id].Uri, "", id);
        return true;
    }

    public ulong LiveCount => (ulong)_frames.Count(f => IsLive(f.Id));
    public ulong DeadCount => (ulong)_dead.Count;
    public ulong TombstoneCount => (ulong)_frames.Count(f => f.Kind == FrameKind.Tombstone);

    private ulong Add(FrameKind kind, string uri, string text, ulong? supersedes)
    {
        var id = NextId;
        _frames.Add(new ModelFrame(id, kind, uri, text, supersedes, Stamps?.Invoke() ?? 0));
        if (supersedes is { } s)
        {
            _dead.Add(s);
        }
        return id;
    }

    /// <summary>Describes the first difference between the engine and this model, or null when they agree.</summary>
    public string? Difference(Capsule capsule)
    {
        if (capsule.NextFrameId != NextId)
        {
            return $"next frame id {capsule.NextFrameId}, model {NextId}";
        }
        foreach (var expected in _frames)
        {
            if (!capsule.TryGetHistorical(expected.Id, out var actual))
            {
                return $"frame {expected.Id} missing";
            }
            if (actual.Kind != expected.Kind || actual.Uri != expected.Uri || actual.Text != expected.Text || actual.SupersedesId != expected.Supersedes)
            {
                return $"frame {expected.Id} is {actual.Kind} '{actual.Uri}' '{actual.Text}' sup {actual.SupersedesId}, model {expected}";
            }
            if (capsule.IsLive(expected.Id) != IsLive(expected.Id))
            {
                return $"frame {expected.Id} live={capsule.IsLive(expected.Id)}, model live={IsLive(expected.Id)}";
            }
        }
        foreach (var uri in _frames.Select(f => f.Uri).Where(u => u.Length > 0).Distinct())
        {
            var expected = LiveByUri(uri)?.Id;
            ulong? actual = capsule.TryGetByUri(uri, out var f) ? f.Id : null;
            if (actual != expected)
            {
                return $"uri {uri} resolves to {actual}, model {expected}";
            }
        }
        var stats = capsule.Stats();
        if (stats.LiveFrames != LiveCount || stats.DeadFrames != DeadCount || stats.TombstoneFrames != TombstoneCount)
        {
            return $"stats live {stats.LiveFrames} dead {stats.DeadFrames} tomb {stats.TombstoneFrames}, model {LiveCount}/{DeadCount}/{TombstoneCount}";
        }
        var live = capsule.Frames().Select(fr => fr.Id).ToList();
        var expectedLive = _frames.Where(fr => IsLive(fr.Id)).Select(fr => fr.Id).ToList();
        return live.SequenceEqual(expectedLive) ? null : $"enumeration {string.Join(",", live)}, model {string.Join(",", expectedLive)}";
    }
}
