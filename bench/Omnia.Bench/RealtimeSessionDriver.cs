using Omnia.Bench.RealtimeConversation;
using OpenAI.Realtime;

namespace Omnia.Bench;

#pragma warning disable OPENAI002 // The SDK's realtime types are experimental; the bench measures Omnia through them as a user's client would.

/// <summary>
/// Plays utterances into one realtime session as a microphone would: 20 ms appends paced in real time, silence
/// between turns, and measures each turn from the send of the append holding the last speech sample to the first
/// <c>response.output_audio.delta</c> of the answer.
/// </summary>
/// <remarks>
/// Each turn starts after the previous answer's <c>response.done</c> and at least listenMs after the previous end of speech, and its items are deleted afterwards so every
/// turn sees the same short context (as the naive cascade does).
/// </remarks>
/// <param name="listenMs">Silence kept streaming after the end of speech before the turn may end (the user listening).</param>
internal sealed class RealtimeSessionDriver(StampedRealtimeSession session, TimeProvider time, int listenMs)
{
    private const int MaxTrail = 40;
    private static readonly TimeSpan TurnLimit = TimeSpan.FromSeconds(20);
    private readonly Microphone _microphone = new(session.AppendAudioAsync, time);

    public async Task<RealtimeTurn> RunTurnAsync(SpokenUtterance utterance, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var speechEnd = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var speaking = _microphone.SpeakAsync(utterance, speechEnd, stop.Token);

        var firstAudio = new Dictionary<string, long>();
        var items = new List<string>();
        var interrupted = 0;
        var seen = new List<string>();
        string? transcript = null;
        RealtimeResponse? answer = null;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TurnLimit + Microphone.LeadSilence + utterance.SpeechDuration);
        try
        {
            await foreach (var received in session.ReadAsync(limit.Token))
            {
                var kind = received.Update.Kind.ToString();
                if (seen.Count < MaxTrail && (seen.Count == 0 || seen[^1] != kind)) seen.Add(kind);
                switch (received.Update)
                {
                    case RealtimeServerUpdateInputAudioBufferCommitted { ItemId: { } item }:
                        items.Add(item);
                        break;
                    case RealtimeServerUpdateConversationItemInputAudioTranscriptionCompleted completed:
                        transcript = completed.Transcript;
                        break;
                    case RealtimeServerUpdateResponseOutputAudioDelta { ResponseId: { } id }:
                        firstAudio.TryAdd(id, received.ReceivedTimestamp);
                        break;
                    case RealtimeServerUpdateError error:
                        throw new InvalidOperationException($"The server answered with an error: {error.Error?.Message}");
                    case RealtimeServerUpdateResponseDone { Response: { } response }:
                        items.AddRange(response.OutputItemIds());
                        if (response.Status == RealtimeResponseStatus.Cancelled || !speechEnd.Task.IsCompleted) interrupted++;
                        else answer = response;
                        break;
                }

                if (answer is not null) break;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // No answer within the limit: a missed turn.
        }
        // The user listens before speaking again: silence keeps flowing until listenMs after the end of speech.
        if (speechEnd.Task.IsCompleted && TimeSpan.FromMilliseconds(listenMs) - time.GetElapsedTime(await speechEnd.Task) is { Ticks: > 0 } listening)
            await Task.Delay(listening, time, cancellationToken);
        await stop.CancelAsync();
        await speaking;
        foreach (var item in items) await session.DeleteItemAsync(item, cancellationToken);

        double? latency = answer?.Id is { } answered && firstAudio.TryGetValue(answered, out var heard) && speechEnd.Task.IsCompleted
            ? time.GetElapsedTime(await speechEnd.Task, heard).TotalMilliseconds
            : null;
        return new RealtimeTurn(latency, interrupted, transcript, answer?.OmniaLatency() ?? new Dictionary<string, double>())
        {
            Trail = latency is null ? string.Join(" → ", seen) : null,
        };
    }
}
