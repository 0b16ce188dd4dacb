using System.Globalization;

namespace Omnia.Bench.PromptCache;

/// <summary>
/// The words of the <c>conversation</c> bench: a ~250-token system prompt (stories260K's tokenizer, which the
/// bench models share) and a short question per turn, the same on every run.
/// </summary>
/// <remarks>
/// The system prompt opens with a session label, so each shape of the bench starts cold on the same server (its
/// first turn finds no earlier shape's prompt in the cache), while conversations of one shape share it, as users of
/// one deployment do, unless the label names the conversation too.
/// </remarks>
internal static class ConversationScript
{
    private const string Instructions =
        "You are a kind helper who tells short stories to children. Answer every question in simple words, with one "
        + "small story of a few sentences. The stories happen in a little town with a park, a river, a bakery and a "
        + "school. Lily, Tom, a big brown dog and a small red bird live there, and they like to play, to share and to "
        + "help each other. When a child asks about a thing, "
        + "tell a story where the friends find that thing and learn something new about it. Let the stories go on "
        + "from each other.";

    private static readonly string[] Questions =
    [
        "What did Lily find in the park today?",
        "Why was the big dog sad this morning?",
        "Can Tom and the bird go to the river?",
        "What did the baker give to the children?",
        "Where did the red ball go after the rain?",
        "Who helped the little bird fly home?",
        "What game did the friends play at school?",
        "Why did Tom laugh at the funny cat?",
        "What was inside the old blue box?",
        "How did Lily make a new friend?",
        "What did the dog dream about at night?",
        "Where do the friends go when it is dark?",
    ];

    /// <summary>The system prompt of one session; see the remarks for what the label does.</summary>
    public static string SystemPrompt(string sessionLabel) => $"Session {sessionLabel}. {Instructions}";

    /// <summary>The question of a 1-based turn: conversations ask in different orders, so their prompts differ after the system prompt.</summary>
    public static string Question(int conversation, int turn)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(conversation);
        ArgumentOutOfRangeException.ThrowIfLessThan(turn, 1);
        var question = Questions[(turn - 1 + 5 * conversation) % Questions.Length];
        // Past the twelfth turn the questions repeat; the turn number keeps each one new within its conversation.
        return turn <= Questions.Length ? question : $"{question} (turn {turn.ToString(CultureInfo.InvariantCulture)})";
    }

    /// <summary>The session label of one shape's conversation: shared by the shape's conversations unless <paramref name="distinct"/>.</summary>
    public static string SessionLabel(int shapeIndex, int conversation, bool distinct) =>
        distinct
            ? string.Create(CultureInfo.InvariantCulture, $"{shapeIndex + 1}-{conversation + 1}")
            : (shapeIndex + 1).ToString(CultureInfo.InvariantCulture);
}
