using System.Diagnostics;

namespace Capsule.Fuzz;

/// <summary>How one input fared. Everything from <see cref="Crash"/> on is a finding.</summary>
public enum OutcomeKind
{
    /// <summary>The capsule opened and every read succeeded.</summary>
    Accepted,

    /// <summary>The library refused the bytes with a <see cref="CapsuleException"/> subtype: the contract for bad input.</summary>
    Rejected,

    /// <summary>Any other exception escaped the library (IndexOutOfRange, ArgumentOutOfRange, FormatViolation, ...).</summary>
    Crash,

    /// <summary>The library returned data that contradicts itself (see <see cref="FuzzInvariantException"/>).</summary>
    WrongData,

    /// <summary>The input did not finish within the time limit.</summary>
    Hang,

    /// <summary>The input made the library allocate far more than its size justifies.</summary>
    Allocation,
}

/// <summary>Thrown by the fuzz target itself when the library's answers disagree with each other.</summary>
public sealed class FuzzInvariantException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The result of running the target on one input.</summary>
public sealed record FuzzOutcome(OutcomeKind Kind, string Detail, Exception? Exception, long AllocatedBytes)
{
    public bool IsFinding => Kind >= OutcomeKind.Crash;

    /// <summary>
    /// What makes two findings "the same bug": the outcome, the exception type and the innermost
    /// library frame it passed through. Minimizing keeps an input only while this stays equal.
    /// </summary>
    public string Signature => Kind switch
    {
        OutcomeKind.Crash or OutcomeKind.WrongData => $"{Kind}:{ExceptionName(Exception)}@{LibraryFrame(Exception)}",
        _ => Kind.ToString(),
    };

    public override string ToString() => $"{Signature}: {Detail}";

    private static string ExceptionName(Exception? e) =>
        e is FuzzInvariantException f ? $"invariant({f.Message.Split(':')[0]})" : e?.GetType().Name ?? "none";

    /// <summary>
    /// Where in the library the exception came from: the innermost library frame that is not a throw
    /// helper (the likely bug), and the outermost one (the API that was called), as "inner&lt;-outer".
    /// </summary>
    public static string LibraryFrame(Exception? e)
    {
        string? inner = null, outer = null;
        for (var current = e; current is not null && inner is null; current = current.InnerException)
        {
            foreach (var frame in new StackTrace(current, fNeedFileInfo: false).GetFrames())
            {
                var method = frame.GetMethod();
                var type = method?.DeclaringType;
                // Only the library's own assembly counts, and its throw helpers name no bug.
                if (type is null || type.Assembly != typeof(CapsuleException).Assembly || type.Name is "FormatViolation" or "Time")
                {
                    continue;
                }
                var name = $"{OuterType(type).FullName}.{Clean(method!.Name, type)}";
                inner ??= name;
                outer = name;
            }
        }
        return inner is null ? "harness" : inner == outer ? inner : $"{inner}<-{outer}";
    }

    // "MoveNext" of an iterator names nothing; the generated type's name holds the method ("<Commits>d__12").
    private static string Clean(string method, Type type) =>
        method == "MoveNext" && type.Name.StartsWith('<') ? type.Name[1..type.Name.IndexOf('>')] : method;

    // Iterator and lambda bodies live in compiler-generated nested types; name the type the code is written in.
    private static Type OuterType(Type type)
    {
        while (type.DeclaringType is not null && type.Name.Contains('<'))
        {
            type = type.DeclaringType;
        }
        return type;
    }
}
