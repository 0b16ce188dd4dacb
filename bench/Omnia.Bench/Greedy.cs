using LLama.Native;

namespace Omnia.Bench;

/// <summary>Greedy sampling (temperature 0): the token with the highest logit.</summary>
internal static class Greedy
{
    public static LLamaToken Pick(ReadOnlySpan<float> logits)
    {
        var best = 0;
        for (var i = 1; i < logits.Length; i++)
        {
            if (logits[i] > logits[best])
            {
                best = i;
            }
        }

        return (LLamaToken)best;
    }
}
