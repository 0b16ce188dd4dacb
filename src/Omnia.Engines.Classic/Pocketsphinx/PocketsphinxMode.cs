namespace Omnia.Engines.Classic.Pocketsphinx;

/// <summary>How much search pocketsphinx does when an utterance ends.</summary>
public enum PocketsphinxMode
{
    /// <summary>The default two-pass decoder (flat-lexicon rescoring and lattice best path): ~60 ms to finalize, fewer errors.</summary>
    Accurate,

    /// <summary>The first pass only (<c>-fwdflat no -bestpath no</c>): finalizes in a few milliseconds, for turn-taking.</summary>
    Fast,
}
