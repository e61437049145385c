using System.Runtime.CompilerServices;
using Capsule.Format;
using static Capsule.Indexing.Vector.Persisted.VectorPayloadLayout;

namespace Capsule.Indexing.Vector.Persisted;

/// <summary>Lazy checks: a node's bytes are checked the first time a search reaches it, then marked in a bitmap.</summary>
public sealed unsafe partial class PersistedVectorIndex
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool IsNodeChecked(int node) => (_nodeChecked[node >> 6] & (1UL << node)) != 0;

    /// <summary>
    /// Checks everything a walk reads for <paramref name="node"/>: the pages of the row it compares
    /// against and of its link lists, every link count (≤ the list's slots), every link (a row, and on
    /// layer L a node that is on layer L), and the upper-list offset. Concurrent callers may check a
    /// node twice; a set bit is only ever set after a complete check.
    /// </summary>
    /// <exception cref="FormatViolation">A page fails its checksum or a list breaks one of the rules.</exception>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal void CheckNode(int node)
    {
        if (Storage == VectorStorage.F32)
        {
            _payload.EnsureVerified(RowOffset(Section.Vectors, node, sizeof(float)), (long)Dimension * sizeof(float));
        }
        else
        {
            var section = Storage == VectorStorage.F16 ? Section.HalfCodes : Section.ByteCodes;
            var valueBytes = Storage == VectorStorage.F16 ? 2 : 1;
            _payload.EnsureVerified(RowOffset(section, node, valueBytes), (long)Dimension * valueBytes);
        }
        if (HasGraph)
        {
            var m = Parameters.M;
            var layer0 = _offsets[(int)Section.Layer0] + ((long)node * Layer0Ints(m) * sizeof(uint));
            CheckList(node, 0, layer0, 2 * m);
            var level = Level(node);
            if (level > 0)
            {
                var at = _offsets[(int)Section.UpperOffsets] + ((long)node * sizeof(uint));
                _payload.EnsureVerified(at, sizeof(uint));
                var first = *(uint*)(_base + at);
                if (first > _upperInts - ((long)level * UpperInts(m)))
                {
                    FormatViolation.Throw($"vector index node {node}'s upper lists at int {first} (level {level}) run past the {_upperInts} upper link ints");
                }
                for (var layer = 1; layer <= level; layer++)
                {
                    var list = _offsets[(int)Section.UpperLinks] + ((first + ((long)(layer - 1) * UpperInts(m))) * sizeof(uint));
                    CheckList(node, layer, list, m);
                }
            }
        }
        Interlocked.Or(ref _nodeChecked[node >> 6], 1UL << node);
    }

    private void CheckList(int node, int layer, long at, int slots)
    {
        _payload.EnsureVerified(at, (1L + slots) * sizeof(uint));
        var list = (uint*)(_base + at);
        var count = list[0];
        if (count > (uint)slots)
        {
            FormatViolation.Throw($"vector index node {node} has {count} links on layer {layer}, more than its {slots} slots");
        }
        for (var i = 1; i <= count; i++)
        {
            var link = list[i];
            if (link >= (uint)Count)
            {
                FormatViolation.Throw($"vector index node {node} links to {link} on layer {layer}, but there are {Count} rows");
            }
            if (layer > 0 && Level((int)link) < layer)
            {
                FormatViolation.Throw($"vector index node {node} links on layer {layer} to node {link}, which is only on layers 0..{Level((int)link)}");
            }
        }
    }

    // SAFETY: node < Count and the level table was checked whole on open.
    private int Level(int node) => _base[_offsets[(int)Section.Levels] + node];

    private long RowOffset(Section section, int row, int valueBytes) => _offsets[(int)section] + (row * RowStride(Dimension, valueBytes));

    /// <summary>Checks the pages of the float32 row (for re-ranking and exact search); once per row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EnsureRowChecked(int row)
    {
        if ((_rowChecked[row >> 6] & (1UL << row)) == 0)
        {
            CheckRow(row);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CheckRow(int row)
    {
        _payload.EnsureVerified(RowOffset(Section.Vectors, row, sizeof(float)), (long)Dimension * sizeof(float));
        if (Storage != VectorStorage.F32)
        {
            Interlocked.Or(ref _rowChecked[row >> 6], 1UL << row);
        }
        // For F32 the row bitmap is the node bitmap, whose bit also promises checked links: leave it to CheckNode.
    }

    /// <summary>Before a full scan: check every float32 row's pages once (one pass, then a flag).</summary>
    private void EnsureAllRowsChecked()
    {
        if (_allRowsChecked)
        {
            return;
        }
        _payload.EnsureVerified(_offsets[(int)Section.Vectors], _lengths[(int)Section.Vectors]);
        _allRowsChecked = true;
    }

    // SAFETY (upper lists): node was checked by CheckNode, so its offset and lists are in range.
    internal ReadOnlySpan<int> UpperLinksUnchecked(int node, int layer)
    {
        var first = *(uint*)(_base + _offsets[(int)Section.UpperOffsets] + ((long)node * sizeof(uint)));
        var list = (int*)(_base + _offsets[(int)Section.UpperLinks]) + first + ((long)(layer - 1) * UpperInts(Parameters.M));
        return new ReadOnlySpan<int>(list + 1, list[0]);
    }
}
