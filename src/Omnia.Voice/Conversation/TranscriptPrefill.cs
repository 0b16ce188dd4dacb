using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Omnia.Chat;

namespace Omnia.Voice.Conversation;

/// <summary>
/// Puts what the user has said so far into the chat engine's cache while they are still speaking, so the answer at
/// the turn decision only reads the last few tokens. At most one prefill runs at a time: a newer hypothesis waits
/// for it, replacing any older one still waiting; the same hypothesis is not prefilled twice. Best effort, as the
/// engine's prefill is: a failed or cancelled prefill only costs the time it would have saved. Each finished prefill
/// leaves the model's probability that the words it read are a finished turn, for semantic turn detection.
/// </summary>
public sealed partial class TranscriptPrefill : IAsyncDisposable
{
    private readonly HeardWordsJob<(IReadOnlyList<ChatMessage> Messages, ChatOptions Options)> _job;

    /// <param name="scored">Told (from the prefill's task) when a prefill has left its end-of-turn probability.</param>
    public TranscriptPrefill(IPromptPrefiller prefiller, ILogger logger, Action? scored = null)
    {
        _job = new(async (prompt, cancellationToken) => (await prefiller.PrefillAsync(prompt.Messages, prompt.Options, cancellationToken)).EndOfTurnProbability,
            // Best effort: the answer reads the prompt itself, and reports any failure of its own to the client.
            e => PrefillFailed(logger, e), scored);
    }

    /// <summary>How many prefills have been started (for the conversation's tests and metrics).</summary>
    public int Started => _job.Started;

    /// <summary>
    /// Prefills the prompt for <paramref name="heard"/>, the user's words so far, unless it is what was prefilled
    /// last; <paramref name="prompt"/> builds it only then.
    /// </summary>
    public void Update(string heard, Func<(IReadOnlyList<ChatMessage> Messages, ChatOptions Options)> prompt) => _job.Update(heard, prompt);

    /// <summary>The model's probability that <paramref name="heard"/> is a finished turn, if a prefill of exactly those words has read it.</summary>
    public double? EndOfTurnProbability(string heard) => _job.ProbabilityFor(heard);

    /// <summary>A new utterance begins: as <see cref="Cancel"/>, and what the last one's words scored is forgotten.</summary>
    public void BeginUtterance() => _job.BeginUtterance();

    /// <summary>The turn ended or was interrupted: the running prefill stops and the waiting one is dropped.</summary>
    public void Cancel() => _job.Cancel();

    public ValueTask DisposeAsync() => _job.DisposeAsync();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Prefilling the live transcript failed; the answer will read the whole prompt")]
    private static partial void PrefillFailed(ILogger logger, Exception error);
}
