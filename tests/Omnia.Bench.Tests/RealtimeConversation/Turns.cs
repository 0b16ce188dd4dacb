using Omnia.Bench.RealtimeConversation;

namespace Omnia.Bench.Tests.RealtimeConversation;

/// <summary>Measured turns for the report tests.</summary>
internal static class Turns
{
    public static ConversationTurn Answered(int turn, double firstAudioMs, int promptTokens = 100, int cachedTokens = 80) => new(turn)
    {
        FirstAudioMs = firstAudioMs,
        FirstTextMs = firstAudioMs - 20,
        PromptTokens = promptTokens,
        CachedTokens = cachedTokens,
        Status = "completed",
        Transcript = "what is the weather like today",
    };

    public static ConversationRun Run(params double[] firstAudioMs) =>
        new(firstAudioMs.Select((ms, i) => Answered(i + 1, ms)).ToList(), TimeSpan.FromSeconds(75), null);
}
