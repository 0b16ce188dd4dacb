using System.Runtime.InteropServices;

namespace Omnia.Engines.Classic;

/// <summary>Checks that a Debian shared library loads before any P/Invoke into it runs.</summary>
/// <remarks>
/// A P/Invoke into a missing library throws <see cref="DllNotFoundException"/> at the first call, deep inside an
/// inference loop; probing up front turns that into a <see cref="DebianPackageMissingException"/> with the fix.
/// </remarks>
internal static class NativeLibraryProbe
{
    public static void EnsureLoadable(string engine, string library, IReadOnlyList<string> packages)
    {
        if (NativeLibrary.TryLoad(library, out var handle))
        {
            // The runtime loads its own copy through dlopen's reference count; this probe's reference is released.
            NativeLibrary.Free(handle);
            return;
        }
        throw new DebianPackageMissingException(engine, library, packages);
    }
}
