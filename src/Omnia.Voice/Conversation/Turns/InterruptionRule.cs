namespace Omnia.Voice.Conversation;

/// <summary>
/// When speech over the assistant's voice is an interruption rather than a backchannel or a noise, from the live
/// transcript and how long the speech has gone on (LiveKit's minimum interruption duration, Pipecat's minimum words):
/// <list type="bullet">
/// <item>a word of command ("stop", "wait"…) at once;</item>
/// <item>words that are not backchannels once the speech has lasted <see cref="WordsNeedSpeechMs"/>: a recogniser
/// mishears a short "uh-huh", "right" or a hummed "mm-hmm" as "the head", "rod" or "or for", and what a listener says
/// to follow is that short. While the speech goes on, only the words the recogniser has settled count (all but the
/// last, which it still revises: "okay" is "oh can" on its way);</item>
/// <item>any speech that goes on for <see cref="AnySpeechMs"/>, recognised or not.</item>
/// </list>
/// </summary>
public static class InterruptionRule
{
    /// <summary>"Uh-huh", "yeah", "okay", "right" take 200–650 ms of speech (flite's voices, Silero's speech span), a hummed "mm-hmm" 600.</summary>
    public const int WordsNeedSpeechMs = 700;

    /// <summary>Longer than any backchannel; a door or a cough is far shorter.</summary>
    public const int AnySpeechMs = 1000;

    private static readonly HashSet<string> Commands = new(StringComparer.OrdinalIgnoreCase)
    {
        "stop", "wait", "hold", "pause", "cancel", "quiet", "enough",
    };

    /// <summary>
    /// Whether speech heard as <paramref name="transcript"/>, <paramref name="speechMs"/> long so far, interrupts;
    /// <paramref name="ended"/> once the speech is over and the transcript's last word is no longer revised.
    /// </summary>
    public static bool Interrupts(string transcript, long speechMs, bool ended)
    {
        if (speechMs >= AnySpeechMs) return true;
        var words = Backchannel.Words(transcript);
        if (words.Any(Commands.Contains)) return true;
        var settled = ended || words.Length == 0 ? words : words[..^1];
        return speechMs >= WordsNeedSpeechMs && !Backchannel.IsAllOf(string.Join(' ', settled));
    }
}
