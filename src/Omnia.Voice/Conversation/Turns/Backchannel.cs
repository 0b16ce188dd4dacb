namespace Omnia.Voice.Conversation;

/// <summary>
/// What a listener says to show they are following, not to take the turn: "uh-huh", "yeah", "okay", "mm-hmm",
/// "right", "I see". Said over the assistant's speech, it must not stop it.
/// </summary>
public static class Backchannel
{
    private static readonly HashSet<string> Sounds = new(StringComparer.OrdinalIgnoreCase)
    {
        "uh-huh", "uhhuh", "huh", "mhm", "mm-hmm", "mmhmm", "mm", "hmm", "hm", "uh", "um", "ah", "aha", "oh", "wow",
        "yeah", "yes", "yep", "yup", "okay", "ok", "right", "sure", "alright", "cool", "nice", "great", "true", "exactly",
    };

    /// <summary>Two-word backchannels whose words alone mean something else.</summary>
    private static readonly HashSet<(string, string)> Pairs =
    [
        ("i", "see"), ("got", "it"), ("all", "right"), ("of", "course"), ("makes", "sense"),
    ];

    /// <summary>Whether <paramref name="transcript"/> holds nothing but backchannels (or no words at all: a noise).</summary>
    public static bool IsAllOf(string transcript)
    {
        var words = Words(transcript);
        for (var i = 0; i < words.Length; i++)
        {
            if (Sounds.Contains(words[i])) continue;
            if (i + 1 < words.Length && Pairs.Contains((words[i], words[i + 1])))
            {
                i++;
                continue;
            }
            return false;
        }
        return true;
    }

    /// <summary>The transcript's words, lower case, without punctuation.</summary>
    internal static string[] Words(string transcript) =>
        transcript.ToLowerInvariant().Split([' ', ',', '.', '!', '?', ';', ':', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
}
