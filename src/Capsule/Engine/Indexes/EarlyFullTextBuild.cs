using System.Collections.Concurrent;
using Capsule.Format;
using Capsule.Indexing;
using Capsule.Indexing.Lexical.Analysis;
using Capsule.Indexing.Lexical.Index;

namespace Capsule.Engine.Indexes;

/// <summary>
/// The start of the next run's full-text index, analyzed on another core while the writer is still
/// putting frames. A writer's puts run on one thread, so during a bulk import the second core idles until
/// the seal; a writer whose tail is empty hands each frame's encoded bytes here as it stores them, from
/// the first frame of the tail on (once the pending frames pass <see cref="StartBytes"/>), across the
/// tail's commits, until the commit that seals the tail into a run. That commit stops the analysis after the
/// frame it is on and analyzes the rest of the run's frames on every core, this range first; the index built
/// from them is the one a sequential build gives for any split (<see cref="FullTextIndexKind.BuildInParts"/>),
/// so it does not depend on how far this range got.
/// </summary>
/// <remarks>
/// Frames are added in the order they were offered (one queue, at most one pump draining it at a time).
/// A rollback, a branch switch or refresh, and a failed sealing commit drop the part: the work is lost,
/// nothing else. Nothing here touches the file.
/// </remarks>
internal sealed class EarlyFullTextBuild
{
    /// <summary>Pending bytes before a build starts: below this a commit would not split its index anyway.</summary>
    public const long StartBytes = 256 * 1024;

    /// <summary>
    /// The text the term table is sized for: a bulk import that reaches <see cref="StartBytes"/> is usually
    /// larger still, and the table only grows past this (<see cref="SharedTermIds(long)"/>).
    /// </summary>
    private const long ExpectedTextBytes = 8 * StartBytes;

    private readonly ConcurrentQueue<ReadOnlyMemory<byte>> _queue = new();
    // Made by the pump, on its thread: the tables it sizes up front are over a megabyte of zeroed memory, and the
    // analyzer's first use loads its types; the writer's thread would otherwise pay for both between two puts.
    private AnalyzedDocuments? _documents;
    private readonly FrameText _reader = new();
    private Task _pump = Task.CompletedTask;
    private int _pumping;
    private volatile bool _stopped;
    private int _added;
    private Exception? _failed;

    public EarlyFullTextBuild(ulong firstFrameId, AnalyzerSettings settings)
    {
        FirstFrameId = firstFrameId;
        Settings = settings;
    }

    /// <summary>The id of the first frame offered: the first frame of the run the part belongs to.</summary>
    public ulong FirstFrameId { get; }

    /// <summary>The analyzer settings the part was built with: the commit uses the part only under the same settings.</summary>
    public AnalyzerSettings Settings { get; }

    /// <summary>Queues the next frame (frames must come in id order, each once). Called by the writer's thread.</summary>
    public void Offer(ReadOnlyMemory<byte> encodedFrame)
    {
        _queue.Enqueue(encodedFrame);
        if (!_stopped && Interlocked.CompareExchange(ref _pumping, 1, 0) == 0)
        {
            _pump = HelperThreads.Start(() =>
            {
                Pump();
                return true;
            });
        }
    }

    private void Pump()
    {
        while (true)
        {
            try
            {
                _documents ??= new AnalyzedDocuments(new SharedTermIds(ExpectedTextBytes).NewCollector(Analyzer.Shared(Settings)));
                while (!_stopped && _queue.TryDequeue(out var frame))
                {
                    var decoded = FrameEncoding.DecodeSharingPayload(frame);
                    if (_reader.TryRead(decoded, out var text, out var title))
                    {
                        _documents.Add(decoded.Id, title, text);
                    }
                    _added++;
                }
            }
            catch (Exception e)
            {
                _failed = e;
                _stopped = true;
            }
            Volatile.Write(ref _pumping, 0);
            // A frame offered after the loop saw an empty queue but before the flag cleared started no pump.
            if (_stopped || _queue.IsEmpty || Interlocked.CompareExchange(ref _pumping, 1, 0) != 0)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Stops and returns the first frames offered, analyzed, or
    /// null when building failed (the commit then builds every frame itself). Called by the writer's thread,
    /// which offers nothing after this.
    /// </summary>
    public EarlyPart? Finish()
    {
        _stopped = true;
        _pump.Wait();
        return _failed is null && _documents is { } documents ? new EarlyPart(documents, _added) : null;
    }

    /// <summary>Stops without waiting: the part is not wanted.</summary>
    public void Cancel() => _stopped = true;
}
