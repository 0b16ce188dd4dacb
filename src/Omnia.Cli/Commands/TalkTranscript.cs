using System.Globalization;
using System.Text.Json;
using Omnia.Audio;
using OpenAI.Realtime;

namespace Omnia.Cli.Commands;

#pragma warning disable OPENAI002 // The SDK's realtime types are experimental; talk is a user's client of Omnia, so it reads the official ones.

/// <summary>
/// What <c>omnia talk</c> shows and keeps of a session: the user's transcript, the assistant's transcript as it streams,
/// each turn's latency trace on stdout; the assistant's speech into a WAV file and a player as it arrives.
/// </summary>
internal sealed class TalkTranscript(FileInfo? output) : IAsyncDisposable
{
    private readonly WavWriter? _wav = output is null
        ? null
        : new WavWriter(output.Create(), new WavFormat(TalkCommand.SampleRate, 1, WavSampleFormat.Pcm16));

    /// <summary>Where the assistant's raw pcm16 is played (aplay's stdin), if anywhere.</summary>
    public Stream? Player { get; set; }

    /// <summary>
    /// Follows the session's updates; with <paramref name="untilFirstResponse"/>, returns once the first
    /// <c>response.done</c> and the user's transcript have both come (0 unless the response failed): an answer started
    /// at the pause can end before recognition's final pass does.
    /// </summary>
    public async Task<int> FollowAsync(IAsyncEnumerator<RealtimeServerUpdate> updates, bool untilFirstResponse, CancellationToken cancellationToken)
    {
        var answering = false;
        var heardUser = false;
        int? answered = null;
        while (await updates.MoveNextAsync())
        {
            switch (updates.Current)
            {
                case RealtimeServerUpdateConversationItemInputAudioTranscriptionCompleted heard:
                    Console.WriteLine($"you: {heard.Transcript}");
                    heardUser = true;
                    if (answered is { } code) return code;
                    break;
                case RealtimeServerUpdateConversationItemInputAudioTranscriptionFailed:
                    heardUser = true;
                    if (answered is { } failedCode) return failedCode;
                    break;
                case RealtimeServerUpdateResponseOutputAudioTranscriptDelta { Delta: var delta }:
                    Answering(delta);
                    break;
                case RealtimeServerUpdateResponseOutputTextDelta { Delta: var delta }:
                    Answering(delta);
                    break;
                case RealtimeServerUpdateResponseOutputAudioDelta audio:
                    await WriteAudioAsync(audio.Delta.ToMemory(), cancellationToken);
                    break;
                case RealtimeServerUpdateError error:
                    await Console.Error.WriteLineAsync($"server error: {error.Error?.Message}");
                    break;
                case RealtimeServerUpdateResponseDone done:
                    if (answering) Console.WriteLine();
                    answering = false;
                    Console.WriteLine(Describe(done.Response));
                    if (!untilFirstResponse) break;
                    answered = done.Response?.Status == RealtimeResponseStatus.Failed ? 1 : 0;
                    if (heardUser) return answered.Value;
                    break;
            }
        }
        if (untilFirstResponse) throw new InvalidOperationException("The server closed the session before it answered.");
        return 0;

        void Answering(string? text)
        {
            if (!answering) Console.Write("assistant: ");
            answering = true;
            Console.Write(text);
        }
    }

    private async Task WriteAudioAsync(ReadOnlyMemory<byte> pcm16, CancellationToken cancellationToken)
    {
        if (_wav is not null)
        {
            var samples = new float[pcm16.Length / 2];
            PcmConverter.Pcm16BytesToFloat(pcm16.Span[..(samples.Length * 2)], samples);
            await _wav.WriteAsync(samples, cancellationToken);
        }
        if (Player is not null)
        {
            try
            {
                await Player.WriteAsync(pcm16, cancellationToken);
            }
            catch (IOException)
            {
                // The player quit (no sound device): keep the conversation going without it.
                Player = null;
            }
        }
    }

    private static string Describe(RealtimeResponse? done)
    {
        var latency = Latency(done);
        var stages = latency.Where(s => s.Key != "audio_end_ms")
            .OrderBy(s => s.Value)
            .Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key[..^3]} {s.Value:0}"));
        var status = done?.Status == RealtimeResponseStatus.Completed ? "" : $"[{done?.Status}] ";
        return latency.Count == 0
            ? $"{status}(no latency trace)"
            : $"{status}latency, ms after the end of your speech: {string.Join(", ", stages)}";
    }

    /// <summary>Omnia's <c>response.omnia.latency</c> (stage_ms → ms after the true end of speech); empty from other servers.</summary>
    private static Dictionary<string, double> Latency(RealtimeResponse? done)
    {
        var latency = new Dictionary<string, double>();
#pragma warning disable SCME0001 // JsonPatch is how the SDK exposes fields it does not model; it is marked for evaluation.
        if (done is null || !done.Patch.TryGetJson("$.omnia.latency"u8, out var json)) return latency;
#pragma warning restore SCME0001
        using var trace = JsonDocument.Parse(json);
        if (trace.RootElement.ValueKind != JsonValueKind.Object) return latency;
        foreach (var stage in trace.RootElement.EnumerateObject().Where(s => s.Value.ValueKind == JsonValueKind.Number && s.Name.EndsWith("_ms", StringComparison.Ordinal)))
            latency[stage.Name] = stage.Value.GetDouble();
        return latency;
    }

    public async ValueTask DisposeAsync()
    {
        if (_wav is not null) await _wav.DisposeAsync();
    }
}
