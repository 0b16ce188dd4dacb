using System.Text;
using LLama;
using LLama.Native;

namespace Omnia.Bench;

/// <summary>Prompt tokens of an exact length, cut from a fixed story so every run decodes the same input.</summary>
internal static class PromptTokens
{
    private const string Story =
        "Once upon a time, there was a little girl named Lily. She loved to play outside in the park with her red ball. "
        + "One day, she saw a big dog under a tree. The dog was sad because it had lost its way home. Lily wanted to help, "
        + "so she gave the dog some of her bread and they walked together along the river until they found a small blue house. ";

    public static LLamaToken[] Take(LLamaWeights weights, int count)
    {
        var text = new StringBuilder(Story);
        LLamaToken[] tokens;
        while ((tokens = weights.Tokenize(text.ToString(), true, false, Encoding.UTF8)).Length < count)
        {
            text.Append(Story);
        }

        return tokens[..count];
    }
}
