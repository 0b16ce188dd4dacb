using System.Runtime.InteropServices;

namespace Omnia.Engines.Classic.Pocketsphinx;

/// <summary>P/Invoke declarations for pocketsphinx 0.8 (Debian bookworm's libpocketsphinx3 and libsphinxbase3).</summary>
/// <remarks>A decoder may be used by one thread at a time; different decoders run in parallel.</remarks>
internal static unsafe partial class PocketsphinxNative
{
    public const string PocketsphinxLibrary = "libpocketsphinx.so.3";
    public const string SphinxbaseLibrary = "libsphinxbase.so.3";

    /// <summary>The head of sphinxbase's public <c>feat_t</c> (feat.h), up to the cepstral mean normalizer.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Features
    {
        public int RefCount;
        public nint Name;
        public int CepstrumSize;
        public int StreamCount;
        public nint StreamLengths;
        public int WindowSize;
        public int SubvectorCount;
        public nint SubvectorLengths;
        public nint Subvectors;
        public nint SubvectorBuffer;
        public int SubvectorDimension;
        public int CmnType;
        public int VarianceNormalization;
        public int AgcType;
        public nint ComputeFeatures;
        public CepstralMean* Cmn;
    }

    /// <summary>sphinxbase's public <c>cmn_t</c> (cmn.h); mfcc_t is float in Debian's floating-point build.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct CepstralMean
    {
        public float* Mean;
        public float* Variance;
        public float* Sum;
        public int FrameCount;
        public int Length;
    }

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

    /// <summary>The feature extractor (<c>feat_t</c>, owned by the decoder).</summary>
    [LibraryImport(PocketsphinxLibrary, EntryPoint = "ps_get_feat")]
    public static partial Features* GetFeatures(nint decoder);

    /// <summary>Reads the live cepstral mean (<see cref="CepstralMean.Length"/> floats).</summary>
    [LibraryImport(SphinxbaseLibrary, EntryPoint = "cmn_live_get")]
    public static partial void GetCepstralMean(CepstralMean* cmn, float* mean);

    /// <summary>Replaces the live cepstral mean and forgets the frames it was estimated from.</summary>
    [LibraryImport(SphinxbaseLibrary, EntryPoint = "cmn_live_set")]
    public static partial void SetCepstralMean(CepstralMean* cmn, float* mean);

    /// <summary>Parses <c>-name value</c> pairs against <paramref name="definitions"/>; returns null on bad arguments.</summary>
    [LibraryImport(SphinxbaseLibrary, EntryPoint = "cmd_ln_parse_r")]
    public static partial nint ParseArguments(nint previous, nint definitions, int count, byte** arguments, int strict);

    [LibraryImport(SphinxbaseLibrary, EntryPoint = "cmd_ln_free_r")]
    public static partial int FreeArguments(nint config);

    /// <summary>Sets the process-wide log stream; null turns logging off.</summary>
    [LibraryImport(SphinxbaseLibrary, EntryPoint = "err_set_logfp")]
    public static partial void SetLogStream(nint stream);
}
