namespace Omnia.Engines.Classic.Pocketsphinx;

/// <summary>Where pocketsphinx's model is and how many decoders it may keep.</summary>
public sealed class PocketsphinxSpeechToTextClientOptions
{
    /// <summary>The directory of Debian's pocketsphinx-en-us: the acoustic model <c>en-us/</c>,
    /// <c>en-us.lm.bin</c> and <c>cmudict-en-us.dict</c>. Default <c>/usr/share/pocketsphinx/model/en-us</c>.</summary>
    public string ModelDirectory { get; set; } = DebianModelDirectory;

    /// <summary>Where Debian's pocketsphinx-en-us installs the model.</summary>
    public const string DebianModelDirectory = "/usr/share/pocketsphinx/model/en-us";

    /// <summary>The most decoders kept per mode, which is also the most utterances decoded at once per mode;
    /// each takes ~100 MB (its own copy of the language model, dictionary and acoustic model) and ~0.3 s to create. Default 2.</summary>
    public int MaxDecodersPerMode { get; set; } = 2;

    /// <summary>The longest audio one utterance of <see cref="PocketsphinxSpeechToTextClient.OpenStreamAsync"/> may have;
    /// more is refused, since pocketsphinx's search memory grows with utterance length. Default 10 minutes.</summary>
    public TimeSpan MaxUtteranceDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The longest segment a transcription of long audio is cut into (each one utterance, cut at a quiet
    /// moment of its last 5 seconds); at most <see cref="MaxUtteranceDuration"/>. Default 30 seconds.</summary>
    public TimeSpan MaxSegmentDuration { get; set; } = TimeSpan.FromSeconds(30);
}
