using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Capsule.Storage;

/// <summary>
/// The writer lock, taken on the capsule file itself (no lock files). On Linux it is an open-file-
/// description lock (F_OFD_SETLK) on byte 0: unlike classic POSIX locks it belongs to this handle,
/// so it conflicts with a second writer in the same process too, and closing some other handle to
/// the file does not drop it. A classic POSIX lock on byte 1 is added only to publish the holder's
/// process id (F_GETLK reports it; OFD locks report -1). On Windows FileStream.Lock (LockFileEx) is used.
/// </summary>
internal static partial class FileLock
{
    private const int F_GETLK = 5;
    private const int F_SETLK = 6;
    private const int F_OFD_SETLK = 37;
    private const short F_RDLCK = 0;
    private const short F_WRLCK = 1;
    private const int EAGAIN = 11;
    private const int EACCES = 13;

    [StructLayout(LayoutKind.Sequential)]
    private struct Flock
    {
        public short Type;
        public short Whence;
        public long Start;
        public long Length;
        public int Pid;
    }

    [LibraryImport(Codecs.NativeLibraries.Libc, EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, ref Flock flock);

    /// <summary>Tries once to take the writer lock. Returns false when another writer holds it.</summary>
    public static bool TryLock(SafeFileHandle handle, FileStream stream)
    {
        if (OperatingSystem.IsWindows())
        {
            try
            {
                stream.Lock(0, 1);
                return true;
            }
            catch (IOException)
            {
                return false;
            }
        }
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the capsule writer lock is implemented for Linux and Windows");
        }
        var fd = (int)handle.DangerousGetHandle();
        var request = new Flock { Type = F_WRLCK, Whence = 0, Start = 0, Length = 1 };
        if (Fcntl(fd, F_OFD_SETLK, ref request) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is EAGAIN or EACCES)
            {
                return false;
            }
            throw new IOException($"fcntl(F_OFD_SETLK) failed with errno {errno}");
        }
        var pidLock = new Flock { Type = F_WRLCK, Whence = 0, Start = 1, Length = 1 };
        _ = Fcntl(fd, F_SETLK, ref pidLock); // best effort: only names the holder in errors
        return true;
    }

    /// <summary>The process that holds the writer lock, when the system says; null otherwise.</summary>
    public static int? Holder(SafeFileHandle handle)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        var probe = new Flock { Type = F_WRLCK, Whence = 0, Start = 1, Length = 1 };
        if (Fcntl((int)handle.DangerousGetHandle(), F_GETLK, ref probe) != 0 || probe.Type is not (F_WRLCK or F_RDLCK))
        {
            return null;
        }
        return probe.Pid > 0 ? probe.Pid : null;
    }
}
