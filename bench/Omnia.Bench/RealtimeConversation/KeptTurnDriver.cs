using OpenAI.Realtime;

namespace Omnia.Bench.RealtimeConversation;

#pragma warning disable OPENAI002 // The SDK's realtime types are experimental; the bench measures Omnia through them as a user's client would.

/// <summary>
/// Speaks one utterance into a session and waits for its answer's <c>response.done</c>, keeping every item, so each
/// turn's prompt holds the whole conversation so far.
/// </summary>
/// <param name="listenMs">Silence streamed after the end of speech before the next turn may start (the user listening).</param>
/// <param name="answerLimit">How long after the end of speech an answer may take before the turn counts as stuck.</param>
internal sealed class KeptTurnDriver(StampedRealtimeSession session, TimeProvider time, int listenMs, TimeSpan answerLimit)
{
    private readonly Microphone _microphone = new(session.AppendAudioAsync, time);

    public async Task<ConversationTurn> RunTurnAsync(int turn, SpokenUtterance utterance, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var speechEnd = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var speaking = _microphone.SpeakAsync(utterance, speechEnd, stop.Token);

        var turnEvents = new TurnEvents(speechEnd.Task);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(answerLimit + Microphone.LeadSilence + utterance.SpeechDuration);
        await ReadAsync(turnEvents, untilAnswer: true, limit.Token, cancellationToken);

        // The user listens before speaking again: silence keeps flowing until listenMs after the end of speech, and
        // the turn's late events (its transcript, an error) are still read as this turn's.
        if (speechEnd.Task.IsCompleted && turnEvents.Answer is not null
            && TimeSpan.FromMilliseconds(listenMs) - time.GetElapsedTime(await speechEnd.Task) is { Ticks: > 0 } listening)
        {
            using var listen = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            listen.CancelAfter(listening);
            await ReadAsync(turnEvents, untilAnswer: false, listen.Token, cancellationToken);
        }

        await stop.CancelAsync();
        await speaking;
        var answer = turnEvents.Answer;
        double? Since(Dictionary<string, long> stamps) => answer?.Id is { } answered && stamps.TryGetValue(answered, out var at) && speechEnd.Task.IsCompleted
            ? time.GetElapsedTime(speechEnd.Task.Result, at).TotalMilliseconds
            : null;
        return new ConversationTurn(turn)
        {
            FirstAudioMs = Since(turnEvents.FirstAudio),
            FirstTextMs = Since(turnEvents.FirstText),
            PromptTokens = answer?.PromptTokens(),
            CachedTokens = answer?.CachedTokens(),
            Status = answer?.StatusText(),
            Errors = turnEvents.Errors,
            FailedBecause = answer?.Status == RealtimeResponseStatus.Failed ? answer.ErrorMessage() ?? "(no reason given)" : null,
            Interrupted = turnEvents.Interrupted,
            ClosedBy = answer is null ? session.ClosedBy : null,
            Transcript = turnEvents.Transcript,
        };
    }

    /// <summary>Reads events into <paramref name="turn"/> until the answer (or only until <paramref name="limit"/>), the limit, or the session's end.</summary>
    private async Task ReadAsync(TurnEvents turn, bool untilAnswer, CancellationToken limit, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var received in session.ReadAsync(limit))
            {
                turn.See(received);
                if (untilAnswer && turn.Answer is not null) return;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The limit: a stuck turn while waiting for the answer, the end of listening after it.
        }
    }
}
