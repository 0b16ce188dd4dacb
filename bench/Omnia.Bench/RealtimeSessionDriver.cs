using Omnia.Server.Realtime.Client;

namespace Omnia.Bench;

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
internal sealed class RealtimeSessionDriver(RealtimeSocketClient client, TimeProvider time, int listenMs)
{
    private const int ChunkMs = 20;
    private const int LeadSilenceMs = 300;
    private const int MaxTrail = 40;
    private static readonly TimeSpan TurnLimit = TimeSpan.FromSeconds(20);
    private static readonly int Chunk = SpokenUtterance.SampleRate * ChunkMs / 1000;
    private static readonly float[] Silence = new float[Chunk];

    public async Task<RealtimeTurn> RunTurnAsync(SpokenUtterance utterance, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var speechEnd = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var speaking = SpeakAsync(utterance, speechEnd, stop.Token);

        var firstAudio = new Dictionary<string, long>();
        var items = new List<string>();
        var interrupted = 0;
        var seen = new List<string>();
        string? transcript = null;
        RealtimeServerEvent? answer = null;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TurnLimit + TimeSpan.FromMilliseconds(LeadSilenceMs) + utterance.SpeechDuration);
        try
        {
            await foreach (var evt in client.ReadEventsAsync(limit.Token))
            {
                if (seen.Count < MaxTrail && (seen.Count == 0 || seen[^1] != evt.Type)) seen.Add(evt.Type);
                if (evt.Type == "input_audio_buffer.committed" && evt.ItemId is { } item) items.Add(item);
                else if (evt.Type == "conversation.item.input_audio_transcription.completed") transcript = evt.Text;
                else if (evt.Type == "response.output_audio.delta" && evt.ResponseId is { } id) firstAudio.TryAdd(id, evt.ReceivedTimestamp);
                else if (evt.Type == "error") throw new InvalidOperationException($"The server answered with an error: {evt.Text}");
                else if (evt.Type == "response.done")
                {
                    items.AddRange(evt.OutputItemIds);
                    if (evt.Status == "cancelled" || !speechEnd.Task.IsCompleted) interrupted++;
                    else
                    {
                        answer = evt;
                        break;
                    }
                }
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
        foreach (var item in items) await client.DeleteItemAsync(item, cancellationToken);

        double? latency = answer?.ResponseId is { } answered && firstAudio.TryGetValue(answered, out var heard) && speechEnd.Task.IsCompleted
            ? time.GetElapsedTime(await speechEnd.Task, heard).TotalMilliseconds
            : null;
        return new RealtimeTurn(latency, interrupted, transcript, answer?.Latency ?? new Dictionary<string, double>())
        {
            Trail = latency is null ? string.Join(" → ", seen) : null,
        };
    }

    /// <summary>Lead silence, the utterance, then silence until stopped; reports when the last speech sample was sent.</summary>
    private async Task SpeakAsync(SpokenUtterance utterance, TaskCompletionSource<long> speechEnd, CancellationToken cancellationToken)
    {
        var lead = SpokenUtterance.SampleRate * LeadSilenceMs / 1000;
        float[] audio = [.. new float[lead], .. utterance.Samples];
        var lastSpeechChunk = (lead + utterance.SpeechEnd - 1) / Chunk;
        var start = time.GetTimestamp();
        try
        {
            for (var i = 0; !cancellationToken.IsCancellationRequested; i++)
            {
                // Real-time pacing: chunk i leaves 20·i ms after the first, however long the sends took.
                var wait = TimeSpan.FromMilliseconds(i * ChunkMs) - time.GetElapsedTime(start);
                if (wait > TimeSpan.Zero) await Task.Delay(wait, time, cancellationToken);
                var chunk = i * Chunk < audio.Length ? audio.AsMemory(i * Chunk, Math.Min(Chunk, audio.Length - i * Chunk)) : Silence;
                if (i == lastSpeechChunk) speechEnd.TrySetResult(time.GetTimestamp());
                await client.AppendAudioAsync(chunk, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The turn is over.
        }
    }
}
