using System.Runtime.CompilerServices;

namespace Capsule.Indexing.Lexical;

/// <summary>
/// How the per-token and per-posting methods of the lexical index (tokenizer, folding, stemmer,
/// inversion, varints, payload encoding, postings cursor, MaxScore, dictionary lookup) are compiled.
/// </summary>
/// <remarks>
/// Under the JIT they carry <see cref="MethodImplOptions.AggressiveOptimization"/>: compiled fully
/// optimized at their first call instead of starting as Tier-0 code, because a capsule is often built
/// or queried once per process and the loops would otherwise run unoptimized for most of the work
/// (see <see cref="Index.LexicalIndexBuilder"/>). A ReadyToRun publish (any <c>dotnet publish</c>, or <c>-p:PublishReadyToRun=true</c>:
/// both define <c>READY_TO_RUN</c> for this library, see Capsule.csproj) precompiles optimized code ahead of time, but
/// leaves out every method with that mark, which then still pays the JIT at first call. There the mark
/// is dropped. Measured on cran, cold process, 2 cores at load average 8–15 (so only roughly): a small
/// program building one capsule took 346–557 ms ReadyToRun with the mark, 262–425 ms without it, and
/// 386–838 ms under the JIT; through <c>capsule bench ir</c> the two ReadyToRun variants were within
/// that noise of each other (cran and med: 337–561 ms before, 343–484 ms after; JIT builds 338–697 ms).
/// </remarks>
internal static class HotPath
{
#if READY_TO_RUN
    public const MethodImplOptions Optimize = 0;
#else
    public const MethodImplOptions Optimize = MethodImplOptions.AggressiveOptimization;
#endif

    /// <summary><see cref="Optimize"/> for a small method that should also be inlined.</summary>
    public const MethodImplOptions OptimizeInline = MethodImplOptions.AggressiveInlining | Optimize;
}
