using System.Globalization;
using Omnia.Audio;
using Omnia.Server.Realtime.Client;

namespace Omnia.Cli.Commands;

/// <summary>
/// What <c>omnia talk</c> shows and keeps of a session: the user's transcript, the assistant's transcript as it streams,
/// each turn's latency trace on stdout; the assistant's speech into a WAV file and a player as it arrives.
/// </summary>
internal sealed class TalkTranscript(FileInfo? output) : IAsyncDisposable
{
    private readonly WavWriter? _wav = output is null
        ? null
        : new WavWriter(output.Create(), new WavFormat(RealtimeSocketClient.SampleRate, 1, WavSampleFormat.Pcm16));

    /// <summary>Where the assistant's raw pcm16 is played (aplay's stdin), if anywhere.</summary>
    public Stream? Player { get; set; }

    /// <summary>Follows the session's events; with <paramref name="untilFirstResponse"/>, returns at the first <c>response.done</c> (0 unless it failed).</summary>
    public async Task<int> FollowAsync(RealtimeSocketClient client, bool untilFirstResponse, CancellationToken cancellationToken)
    {
        var answering = false;
        await foreach (var evt in client.ReadEventsAsync(cancellationToken))
        {
            switch (evt.Type)
            {
                case "conversation.item.input_audio_transcription.completed":
                    Console.WriteLine($"you: {evt.Text}");
                    break;
                case "response.output_audio_transcript.delta" or "response.output_text.delta":
                    if (!answering) Console.Write("assistant: ");
                    answering = true;
                    Console.Write(evt.Text);
                    break;
                case "response.output_audio.delta":
                    await WriteAudioAsync(evt.Audio, cancellationToken);
                    break;
                case "error":
                    await Console.Error.WriteLineAsync($"server error: {evt.Text}");
                    break;
                case "response.done":
                    if (answering) Console.WriteLine();
                    answering = false;
                    Console.WriteLine(Describe(evt));
                    if (untilFirstResponse) return evt.Status == "failed" ? 1 : 0;
                    break;
            }
        }
        if (untilFirstResponse) throw new InvalidOperationException("The server closed the session before it answered.");
        return 0;
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

    private static string Describe(RealtimeServerEvent done)
    {
        var stages = done.Latency.Where(s => s.Key != "audio_end_ms")
            .OrderBy(s => s.Value)
            .Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key[..^3]} {s.Value:0}"));
        var status = done.Status == "completed" ? "" : $"[{done.Status}] ";
        return done.Latency.Count == 0
            ? $"{status}(no latency trace)"
            : $"{status}latency, ms after the end of your speech: {string.Join(", ", stages)}";
    }

    public async ValueTask DisposeAsync()
    {
        if (_wav is not null) await _wav.DisposeAsync();
    }
}
