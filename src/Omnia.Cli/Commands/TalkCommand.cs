using System.CommandLine;
using System.Diagnostics;
using System.Net.WebSockets;
using Omnia.Audio;
using Omnia.Server.Realtime.Client;

namespace Omnia.Cli.Commands;

/// <summary>
/// <c>omnia talk</c>: a spoken conversation with a server's Realtime API, from a WAV file (one turn) or the microphone
/// through <c>arecord</c>; prints both transcripts and the latency trace, plays the answer through <c>aplay</c>.
/// </summary>
internal static class TalkCommand
{
    private const int ChunkMs = 20;
    private const int TrailingSilenceMs = 1500;
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan SetupTimeout = TimeSpan.FromSeconds(30);

    public static Command Create()
    {
        var input = new Option<FileInfo?>("--in") { Description = "Audio file to say (any format ffmpeg reads); without it, the microphone (arecord)." };
        var output = new Option<FileInfo?>("--out") { Description = "Write the assistant's speech to this WAV file." };
        var url = new Option<string>("--url") { Description = "The Omnia server.", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var apiKey = new Option<string?>("--api-key") { Description = "API key (default: $OMNIA_API_KEY)." };
        var model = new Option<string?>("--model") { Description = "Model id (default: the server's best chat model)." };
        var voice = new Option<string?>("--voice") { Description = "Voice of the answer (alloy, echo, … or an espeak-ng voice)." };
        var instructions = new Option<string?>("--instructions") { Description = "System instructions for the assistant." };
        var maxTokens = new Option<int?>("--max-tokens") { Description = "Most tokens per answer." };
        var fast = new Option<bool>("--fast") { Description = "Send the file as fast as possible instead of in real time." };
        var command = new Command("talk", "Talk to a server over the Realtime API: a WAV file or the microphone in, speech out.")
        {
            input, output, url, apiKey, model, voice, instructions, maxTokens, fast,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new RealtimeClientSettings
            {
                Voice = parse.GetValue(voice), Instructions = parse.GetValue(instructions), MaxOutputTokens = parse.GetValue(maxTokens),
            };
            var key = parse.GetValue(apiKey) ?? Environment.GetEnvironmentVariable("OMNIA_API_KEY");
            var file = parse.GetValue(input);
            if (!Uri.TryCreate(parse.GetValue(url), UriKind.Absolute, out var server))
            {
                await Console.Error.WriteLineAsync($"--url must be an absolute URL such as http://127.0.0.1:8080; got '{parse.GetValue(url)}'.");
                return 1;
            }
            if (file is null && !ExternalProgram.IsOnPath("arecord"))
            {
                await Console.Error.WriteLineAsync("No --in file and no microphone: `arecord` (Debian package alsa-utils) is not installed. Pass --in question.wav.");
                return 1;
            }
            try
            {
                var samples = file is null ? null : await ReadAudioAsync(file, cancellationToken);
                await using var client = await RealtimeSocketClient.ConnectAsync(server, parse.GetValue(model), key, cancellationToken: cancellationToken);
                await StartSessionAsync(client, settings, cancellationToken);
                await using var answer = new TalkTranscript(parse.GetValue(output));
                return samples is null
                    ? await TalkLiveAsync(client, answer, cancellationToken)
                    : await TalkOnceAsync(client, samples, parse.GetValue(fast), answer, cancellationToken);
            }
            catch (Exception e) when (e is WebSocketException or InvalidAudioException or FfmpegNotFoundException or IOException or InvalidOperationException or TimeoutException)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 1;
            }
        });
        return command;
    }

    private static async Task StartSessionAsync(RealtimeSocketClient client, RealtimeClientSettings settings, CancellationToken cancellationToken)
    {
        using var setup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        setup.CancelAfter(SetupTimeout);
        try
        {
            await client.WaitForAsync("session.created", cancellationToken: setup.Token);
            await client.UpdateSessionAsync(settings, setup.Token);
            await client.WaitForAsync("session.updated", cancellationToken: setup.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The server opened the socket but set up no realtime session within {SetupTimeout.TotalSeconds:0} s.");
        }
    }

    private static async Task<float[]> ReadAudioAsync(FileInfo file, CancellationToken cancellationToken)
    {
        if (!file.Exists) throw new IOException($"The input file {file.FullName} does not exist.");
        await using var stream = file.OpenRead();
        var audio = await new AudioCodec().DecodeAsync(stream, RealtimeSocketClient.SampleRate, 1, cancellationToken: cancellationToken);
        return audio.Samples.ToArray();
    }

    /// <summary>One turn from a file: the speech and then silence, so the server's VAD ends the turn, then its answer.</summary>
    private static async Task<int> TalkOnceAsync(RealtimeSocketClient client, float[] speech, bool fast, TalkTranscript answer, CancellationToken cancellationToken)
    {
        using var answered = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var listening = answer.FollowAsync(client, untilFirstResponse: true, answered.Token);
        var chunk = RealtimeSocketClient.SampleRate * ChunkMs / 1000;
        float[] audio = [.. speech, .. new float[RealtimeSocketClient.SampleRate * TrailingSilenceMs / 1000]];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i * chunk < audio.Length; i++)
        {
            // Real-time pacing: chunk i leaves 20·i ms after the first, however long the sends took.
            if (!fast && TimeSpan.FromMilliseconds(i * ChunkMs) - clock.Elapsed is { Ticks: > 0 } wait) await Task.Delay(wait, cancellationToken);
            await client.AppendAudioAsync(audio.AsMemory(i * chunk, Math.Min(chunk, audio.Length - i * chunk)), cancellationToken);
            if (listening.IsCompleted) break;
        }
        answered.CancelAfter(AnswerTimeout);
        try
        {
            return await listening;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No answer within {AnswerTimeout.TotalSeconds:0} s of the end of the file: the server heard no turn end (is there speech in it?).");
        }
    }

    /// <summary>The microphone until Ctrl+C: arecord's raw pcm16 goes out in 20 ms appends while answers play.</summary>
    private static async Task<int> TalkLiveAsync(RealtimeSocketClient client, TalkTranscript answer, CancellationToken cancellationToken)
    {
        using var recorder = ExternalProgram.Start("arecord", "-q", "-f", "S16_LE", "-r", "24000", "-c", "1", "-t", "raw");
        using var player = ExternalProgram.IsOnPath("aplay") ? ExternalProgram.Start("aplay", "-q", "-f", "S16_LE", "-r", "24000", "-c", "1", "-t", "raw") : null;
        answer.Player = player?.StandardInput.BaseStream;
        await Console.Error.WriteLineAsync(player is null ? "Listening (no aplay: answers are not played). Ctrl+C ends." : "Listening. Ctrl+C ends.");
        var listening = answer.FollowAsync(client, untilFirstResponse: false, cancellationToken);
        var chunk = new byte[RealtimeSocketClient.SampleRate * ChunkMs / 1000 * 2];
        var microphone = recorder.StandardOutput.BaseStream;
        try
        {
            while (!listening.IsCompleted && await microphone.ReadAtLeastAsync(chunk, chunk.Length, throwOnEndOfStream: false, cancellationToken) is var read and > 0)
                await client.AppendPcm16Async(chunk.AsMemory(0, read), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
        finally
        {
            ExternalProgram.Stop(recorder);
            if (player is not null) ExternalProgram.Stop(player);
        }
        return listening.IsCompleted ? await listening : 0;
    }
}
