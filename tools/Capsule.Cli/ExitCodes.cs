namespace Capsule.Cli;

/// <summary>The process exit codes, so scripts can tell a bad request from a damaged file from a bug.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The request failed: a missing file or frame, bad input, a locked capsule.</summary>
    public const int Failed = 1;

    /// <summary><c>verify</c> found damaged bytes.</summary>
    public const int Corrupt = 2;

    /// <summary>A bug in capsule itself: EX_SOFTWARE from BSD sysexits.h.</summary>
    public const int Internal = 70;
}
