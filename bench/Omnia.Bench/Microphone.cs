namespace Omnia.Bench;

/// <summary>
/// Plays an utterance as a microphone would: 300 ms of lead silence, the speech, then silence until stopped, in
/// 20 ms appends paced in real time; reports when the append holding the last speech sample was sent.
/// </summary>
/// <param name="append">Sends one chunk of 24 kHz mono samples to the session.</param>
internal sealed class Microphone(Func<ReadOnlyMemory<float>, CancellationToken, Task> append, TimeProvider time)
{
    private const int ChunkMs = 20;
    private const int LeadSilenceMs = 300;
    private static readonly int Chunk = SpokenUtterance.SampleRate * ChunkMs / 1000;
    private static readonly float[] Silence = new float[Chunk];

    /// <summary>The lead silence before each utterance, part of a turn's time limit.</summary>
    public static TimeSpan LeadSilence { get; } = TimeSpan.FromMilliseconds(LeadSilenceMs);

    /// <summary>Streams until <paramref name="cancellationToken"/> stops it; sets <paramref name="speechEnd"/> to the timestamp of the last speech append.</summary>
    public async Task SpeakAsync(SpokenUtterance utterance, TaskCompletionSource<long> speechEnd, CancellationToken cancellationToken)
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
                await append(chunk, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The turn is over.
        }
    }
}
