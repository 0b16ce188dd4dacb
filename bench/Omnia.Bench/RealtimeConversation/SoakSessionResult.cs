namespace Omnia.Bench.RealtimeConversation;

/// <summary>What one soak session slot did: its turns across every session it opened, the opens and the closes by the server.</summary>
/// <param name="Opens">Sessions opened (a new one after a close or a stuck turn).</param>
/// <param name="OpenFailures">Sessions that could not be opened, with why.</param>
internal sealed record SoakSessionResult(int Slot, IReadOnlyList<ConversationTurn> Turns, int Opens, IReadOnlyList<string> Closes, IReadOnlyList<string> OpenFailures)
{
    public int Stuck => Turns.Count(t => t.Stuck);

    /// <summary>Error events, failed answers and failed opens.</summary>
    public int Errors => Turns.Sum(t => t.ErrorCount) + OpenFailures.Count;

    public LatencyStats FirstAudio => LatencyStats.Of(Turns.Where(t => t.FirstAudioMs is not null).Select(t => t.FirstAudioMs!.Value));

    public int? MaxPromptTokens => Turns.Max(t => t.PromptTokens);

    /// <summary>The first error's text, for the report.</summary>
    public string? FirstError => Turns.Select(t => t.FirstError).OfType<string>().Concat(OpenFailures).FirstOrDefault();
}
