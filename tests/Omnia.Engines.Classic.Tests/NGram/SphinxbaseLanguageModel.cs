using System.Runtime.InteropServices;

namespace Omnia.Engines.Classic.Tests.NGram;

/// <summary>The same language model file read by sphinxbase itself (Debian's libsphinxbase3), the reference the
/// managed reader is checked against.</summary>
internal sealed partial class SphinxbaseLanguageModel : IDisposable
{
    private const string Library = "libsphinxbase.so.3";
    private readonly IntPtr _logMath;
    private readonly IntPtr _model;

    public SphinxbaseLanguageModel(string path)
    {
        _logMath = LogMathInit(1.0001, 0, 0);
        _model = NGramModelRead(IntPtr.Zero, path, 0 /* NGRAM_AUTO */, _logMath);
        if (_model == IntPtr.Zero)
        {
            throw new InvalidOperationException($"sphinxbase could not read {path}.");
        }
    }

    /// <summary>sphinxbase's word id of <paramref name="word"/>.</summary>
    public int WordId(string word) => NGramWordId(_model, word);

    /// <summary>log P(w3 | w1 w2) in sphinxbase's integer units (base 1.0001), with language weight 1 and no insertion penalty.</summary>
    public int TrigramScore(int w1, int w2, int w3) => NGramTrigramScore(_model, w3, w2, w1, out _);

    /// <summary>log P(w2 | w1) in sphinxbase's integer units.</summary>
    public int BigramScore(int w1, int w2) => NGramBigramScore(_model, w2, w1, out _);

    public void Dispose()
    {
        _ = NGramModelFree(_model);
        _ = LogMathFree(_logMath);
    }

    [LibraryImport(Library, EntryPoint = "logmath_init")]
    private static partial IntPtr LogMathInit(double @base, int shift, int useTable);

    [LibraryImport(Library, EntryPoint = "logmath_free")]
    private static partial int LogMathFree(IntPtr logMath);

    [LibraryImport(Library, EntryPoint = "ngram_model_read", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr NGramModelRead(IntPtr config, string path, int fileType, IntPtr logMath);

    [LibraryImport(Library, EntryPoint = "ngram_model_free")]
    private static partial int NGramModelFree(IntPtr model);

    [LibraryImport(Library, EntryPoint = "ngram_wid", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int NGramWordId(IntPtr model, string word);

    [LibraryImport(Library, EntryPoint = "ngram_tg_score")]
    private static partial int NGramTrigramScore(IntPtr model, int w3, int w2, int w1, out int used);

    [LibraryImport(Library, EntryPoint = "ngram_bg_score")]
    private static partial int NGramBigramScore(IntPtr model, int w2, int w1, out int used);
}
