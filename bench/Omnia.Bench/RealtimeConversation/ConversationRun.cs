namespace Omnia.Bench.RealtimeConversation;

/// <summary>One kept-history session's turns, how long it stayed open, and how the server closed it (null: still open at the end).</summary>
internal sealed record ConversationRun(IReadOnlyList<ConversationTurn> Turns, TimeSpan Open, string? ClosedBy)
{
    public LatencyStats FirstAudio => LatencyStats.Of(Turns.Where(t => t.FirstAudioMs is not null).Select(t => t.FirstAudioMs!.Value));

    public LatencyStats FirstText => LatencyStats.Of(Turns.Where(t => t.FirstTextMs is not null).Select(t => t.FirstTextMs!.Value));

    public int AnsweredWithoutError => Turns.Count(t => t.AnsweredWithoutError);
}
