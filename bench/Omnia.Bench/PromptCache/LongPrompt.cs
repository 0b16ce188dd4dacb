using System.Text;

namespace Omnia.Bench.PromptCache;

/// <summary>A user message of at least a given number of tokens, opening with a label so no two share a cached prefix.</summary>
internal static class LongPrompt
{
    private static readonly string[] Sentences =
    [
        "Lily walked to the park with her mother and saw a big tree full of red apples.",
        "Tom had a small boat that he pushed into the river, and it sailed away with the wind.",
        "The brown dog ran after a ball, jumped over a bench and fell into a pile of leaves.",
        "A little bird sang on the roof of the bakery every morning before the sun came up.",
        "The children made a cake with flour, eggs and milk, and it was too big for the plate.",
        "One day it rained so much that the whole town was covered in puddles and mud.",
        "The old man in the blue house gave the friends a map that showed a hidden garden.",
        "At school the teacher read a story about a brave cat who climbed the tallest hill.",
    ];

    /// <summary>Sentences appended until <paramref name="countTokens"/> says the text holds at least <paramref name="tokens"/>.</summary>
    public static string Build(int tokens, string label, Func<string, int> countTokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tokens, 1);
        var text = new StringBuilder($"Request {label}. Read this and say what happened first.");
        for (var i = 0; countTokens(text.ToString()) < tokens; i++)
        {
            text.Append(' ').Append(Sentences[i % Sentences.Length]);
        }

        return text.ToString();
    }
}
