using System.Runtime.InteropServices;

namespace Omnia.Engines.Classic.Pocketsphinx;

/// <summary>P/Invoke declarations for pocketsphinx 0.8 (Debian bookworm's libpocketsphinx3 and libsphinxbase3).</summary>
/// <remarks>A decoder may be used by one thread at a time; different decoders run in parallel.</remarks>
internal static unsafe partial class PocketsphinxNative
{
    public const string PocketsphinxLibrary = "libpocketsphinx.so.3";
    public const string SphinxbaseLibrary = "libsphinxbase.so.3";

    [LibraryImport(PocketsphinxLibrary, EntryPoint = "ps_args")]
    public static partial nint Arguments();

    [LibraryImport(PocketsphinxLibrary, EntryPoint = "ps_init")]
    public static partial nint Init(nint config);

    [LibraryImport(PocketsphinxLibrary, EntryPoint = "ps_free")]
    public static partial int Free(nint decoder);

    [LibraryImport(PocketsphinxLibrary, EntryPoint = "ps_start_utt")]
    public static partial int StartUtterance(nint decoder);

    /// <summary>Returns the number of frames searched, or a negative number on error.</summary>
    [LibraryImport(PocketsphinxLibrary, EntryPoint = "ps_process_raw")]
    public static partial int ProcessRaw(nint decoder, short* data, nuint sampleCount, int noSearch, int fullUtterance);

    [LibraryImport(PocketsphinxLibrary, EntryPoint = "ps_end_utt")]
    public static partial int EndUtterance(nint decoder);

    /// <summary>Returns the best hypothesis (owned by the decoder), or null when there is none.</summary>
    [LibraryImport(PocketsphinxLibrary, EntryPoint = "ps_get_hyp")]
    public static partial byte* GetHypothesis(nint decoder, int* bestScore);

    /// <summary>Parses <c>-name value</c> pairs against <paramref name="definitions"/>; returns null on bad arguments.</summary>
    [LibraryImport(SphinxbaseLibrary, EntryPoint = "cmd_ln_parse_r")]
    public static partial nint ParseArguments(nint previous, nint definitions, int count, byte** arguments, int strict);

    [LibraryImport(SphinxbaseLibrary, EntryPoint = "cmd_ln_free_r")]
    public static partial int FreeArguments(nint config);

    /// <summary>Sets the process-wide log stream; null turns logging off.</summary>
    [LibraryImport(SphinxbaseLibrary, EntryPoint = "err_set_logfp")]
    public static partial void SetLogStream(nint stream);
}
