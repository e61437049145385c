using System.Diagnostics.CodeAnalysis;

namespace Capsule.Format;

/// <summary>
/// Thrown by parsers of record bodies when the bytes break a structural rule. It never escapes the
/// library: the code that knows the record's file offset catches it and throws
/// <see cref="CorruptCapsuleException"/>.
/// </summary>
internal sealed class FormatViolation : Exception
{
    private FormatViolation(string message) : base(message) { }

    [DoesNotReturn]
    public static void Throw(string message) => throw new FormatViolation(message);
}
