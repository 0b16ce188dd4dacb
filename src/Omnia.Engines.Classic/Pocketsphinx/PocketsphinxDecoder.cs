using System.Runtime.InteropServices;
using System.Text;

namespace Omnia.Engines.Classic.Pocketsphinx;

/// <summary>One pocketsphinx decoder (<c>ps_decoder_t</c>) and its utterance calls.</summary>
/// <remarks>Not thread-safe: a decoder is rented by one utterance at a time.</remarks>
internal sealed unsafe class PocketsphinxDecoder : IDisposable
{
    private static readonly Lock LoggingLock = new();
    private static bool loggingSilenced;
    private readonly float[] initialCepstralMean;
    private nint handle;

    private PocketsphinxDecoder(nint handle, PocketsphinxMode mode, long generation)
    {
        this.handle = handle;
        Mode = mode;
        Generation = generation;
        var cmn = CepstralMean();
        initialCepstralMean = new float[cmn->Length];
        fixed (float* mean = initialCepstralMean)
        {
            PocketsphinxNative.GetCepstralMean(cmn, mean);
        }
    }

    public PocketsphinxMode Mode { get; }

    /// <summary>The order in which its pool created it: 1 for the first.</summary>
    public long Generation { get; }

    public static PocketsphinxDecoder Create(PocketsphinxModelFiles files, PocketsphinxMode mode, long generation)
    {
        SilenceLogging();
        List<string> arguments = ["-hmm", files.AcousticModel, "-lm", files.LanguageModel, "-dict", files.Dictionary];
        if (mode == PocketsphinxMode.Fast)
        {
            arguments.AddRange(["-fwdflat", "no", "-bestpath", "no"]);
        }
        var config = ParseArguments(arguments);
        try
        {
            var decoder = PocketsphinxNative.Init(config);
            if (decoder == 0)
            {
                throw new InvalidOperationException($"pocketsphinx could not load its model from {Path.GetDirectoryName(files.LanguageModel)}.");
            }
            return new PocketsphinxDecoder(decoder, mode, generation);
        }
        finally
        {
            // ps_init keeps its own reference to the configuration; the returned count of references left is not needed.
            _ = PocketsphinxNative.FreeArguments(config);
        }
    }

    /// <summary>Starts an utterance that depends on no earlier one.</summary>
    /// <remarks>
    /// pocketsphinx carries its live cepstral mean over from the previous utterance, so a pooled decoder's text
    /// would depend on whoever used it last; resetting the mean to the model's initial value makes every utterance
    /// decode the same way.
    /// </remarks>
    public void StartUtterance()
    {
        fixed (float* mean = initialCepstralMean)
        {
            PocketsphinxNative.SetCepstralMean(CepstralMean(), mean);
        }
        Check(PocketsphinxNative.StartUtterance(handle), "ps_start_utt");
    }

    public void Process(ReadOnlySpan<short> samples)
    {
        if (samples.IsEmpty)
        {
            return;
        }
        fixed (short* data = samples)
        {
            Check(PocketsphinxNative.ProcessRaw(handle, data, (nuint)samples.Length, 0, 0), "ps_process_raw");
        }
    }

    public void EndUtterance() => Check(PocketsphinxNative.EndUtterance(handle), "ps_end_utt");

    /// <summary>The best hypothesis so far (mid-utterance) or the final one (after <see cref="EndUtterance"/>).</summary>
    public string Hypothesis()
    {
        int score;
        var text = PocketsphinxNative.GetHypothesis(handle, &score);
        return text == null ? "" : (Marshal.PtrToStringUTF8((nint)text) ?? "").Trim();
    }

    private PocketsphinxNative.CepstralMean* CepstralMean()
    {
        var features = PocketsphinxNative.GetFeatures(handle);
        if (features == null || features->Cmn == null || features->Cmn->Length != features->CepstrumSize)
        {
            throw new InvalidOperationException("pocketsphinx's feature extractor does not have the expected layout.");
        }
        return features->Cmn;
    }

    public void Dispose()
    {
        if (handle != 0)
        {
            _ = PocketsphinxNative.Free(handle);
            handle = 0;
        }
    }

    // Logging is turned off for the whole library once, instead of "-logfn /dev/null" per decoder: ps_init
    // reopens the process-wide log file for -logfn, which would close it under decoders logging on other threads.
    private static void SilenceLogging()
    {
        lock (LoggingLock)
        {
            if (!loggingSilenced)
            {
                PocketsphinxNative.SetLogStream(0);
                loggingSilenced = true;
            }
        }
    }

    private static nint ParseArguments(List<string> arguments)
    {
        var encoded = arguments.Select(a => Encoding.UTF8.GetBytes(a + "\0")).ToArray();
        var handles = encoded.Select(a => GCHandle.Alloc(a, GCHandleType.Pinned)).ToArray();
        try
        {
            var pointers = handles.Select(h => h.AddrOfPinnedObject()).ToArray();
            fixed (nint* argv = pointers)
            {
                var config = PocketsphinxNative.ParseArguments(0, PocketsphinxNative.Arguments(), pointers.Length, (byte**)argv, 1);
                return config != 0
                    ? config
                    : throw new InvalidOperationException($"pocketsphinx rejected its arguments: {string.Join(' ', arguments)}");
            }
        }
        finally
        {
            foreach (var pinned in handles)
            {
                pinned.Free();
            }
        }
    }

    private static void Check(int status, string function)
    {
        if (status < 0)
        {
            throw new InvalidOperationException($"pocketsphinx failed in {function} (status {status}).");
        }
    }
}
