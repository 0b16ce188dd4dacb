namespace Omnia.Bench.RealtimeConversation;

/// <summary>One turn of a kept conversation, measured from the true end of speech.</summary>
/// <param name="Turn">1-based turn number within its session.</param>
internal sealed record ConversationTurn(int Turn)
{
    /// <summary>End of speech → first <c>response.output_audio.delta</c> of the answer; null when none came.</summary>
    public double? FirstAudioMs { get; init; }

    /// <summary>End of speech → first text or audio-transcript delta of the answer.</summary>
    public double? FirstTextMs { get; init; }

    /// <summary><c>response.done</c>'s <c>usage.input_tokens</c>.</summary>
    public int? PromptTokens { get; init; }

    /// <summary><c>response.done</c>'s <c>usage.input_token_details.cached_tokens</c>.</summary>
    public int? CachedTokens { get; init; }

    /// <summary>The answer's <c>response.done</c> status; null when none arrived (stuck, or the session closed).</summary>
    public string? Status { get; init; }

    /// <summary>The messages of the <c>error</c> events during the turn.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>A failed answer's <c>status_details.error</c>.</summary>
    public string? FailedBecause { get; init; }

    /// <summary>Responses cancelled by the speech going on, or answered before it ended.</summary>
    public int Interrupted { get; init; }

    /// <summary>The server closed the session during the turn (how, e.g. <c>1006 (no close frame)</c>).</summary>
    public string? ClosedBy { get; init; }

    public string? Transcript { get; init; }

    /// <summary>No <c>response.done</c> within the turn's time limit while the session stayed open.</summary>
    public bool Stuck => Status is null && ClosedBy is null;

    public bool Failed => Errors.Count > 0 || Status == "failed";

    /// <summary>Error events, or one for a failed answer that came without one.</summary>
    public int ErrorCount => Errors.Count + (Status == "failed" && Errors.Count == 0 ? 1 : 0);

    /// <summary>The first error's text, for the report.</summary>
    public string? FirstError => Errors.Count > 0 ? Errors[0] : FailedBecause;

    /// <summary>An answer came (completed, or incomplete at the token limit) with no error on the way.</summary>
    public bool AnsweredWithoutError => Status is "completed" or "incomplete" && !Failed;
}
