using System.ClientModel;
using System.CommandLine;
using System.Diagnostics;
using System.Net.WebSockets;
using Omnia.Audio;
using OpenAI.Realtime;

namespace Omnia.Cli.Commands;

#pragma warning disable OPENAI002 // The SDK's realtime client is experimental; talk is a user's client of Omnia, so it speaks through the official one.

/// <summary>
/// <c>omnia talk</c>: a spoken conversation with a server's Realtime API through the official OpenAI SDK
/// (<see cref="RealtimeClient"/>), from a WAV file (one turn) or the microphone through <c>arecord</c>; prints both
/// transcripts and the latency trace, plays the answer through <c>aplay</c>.
/// </summary>
internal static class TalkCommand
{
    /// <summary>The input and output sample rate of the session (pcm16 mono).</summary>
    public const int SampleRate = 24000;

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
            var session = SessionOptions(parse.GetValue(voice), parse.GetValue(instructions), parse.GetValue(maxTokens));
            var key = parse.GetValue(apiKey) ?? Environment.GetEnvironmentVariable("OMNIA_API_KEY");
            var file = parse.GetValue(input);
            if (!Uri.TryCreate(parse.GetValue(url), UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https" or "ws" or "wss"))
            {
                await Console.Error.WriteLineAsync($"--url must be an absolute http(s):// or ws(s):// URL such as http://127.0.0.1:8080; got '{parse.GetValue(url)}'.");
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
                using var client = await ConnectAsync(server, parse.GetValue(model), key, cancellationToken);
                // The SDK's receive keeps its first token for the session's life, and a cancelled receive aborts the
                // socket: one enumeration for the whole session, whose token the timeouts below cancel.
                using var receiving = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var updates = TalkUpdates.ReadAsync(client, receiving.Token).GetAsyncEnumerator(receiving.Token);
                try
                {
                    await StartSessionAsync(client, session, updates, receiving, cancellationToken);
                    await using var answer = new TalkTranscript(parse.GetValue(output));
                    return samples is null
                        ? await TalkLiveAsync(client, updates, receiving, answer, cancellationToken)
                        : await TalkOnceAsync(client, updates, receiving, samples, parse.GetValue(fast), answer, cancellationToken);
                }
                finally
                {
                    await updates.DisposeAsync();
                    await CloseAsync(client.WebSocket);
                }
            }
            catch (Exception e) when (e is WebSocketException or InvalidAudioException or FfmpegNotFoundException or IOException or InvalidOperationException or TimeoutException)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 1;
            }
        });
        return command;
    }

    /// <summary>
    /// The session talk asks for: audio in and out as pcm16 at 24 kHz, input transcription on, server_vad with the
    /// server's defaults; unset options keep the server's defaults.
    /// </summary>
    public static RealtimeConversationSessionOptions SessionOptions(string? voice, string? instructions, int? maxTokens)
    {
        var output = new RealtimeConversationSessionOutputAudioOptions { AudioFormat = new RealtimePcmAudioFormat() };
        if (voice is not null) output.Voice = new RealtimeVoice(voice);
        var options = new RealtimeConversationSessionOptions
        {
            Instructions = instructions,
            AudioOptions = new RealtimeConversationSessionAudioOptions
            {
                InputAudioOptions = new RealtimeConversationSessionInputAudioOptions
                {
                    AudioFormat = new RealtimePcmAudioFormat(),
                    AudioTranscriptionOptions = new RealtimeAudioTranscriptionOptions { Model = "pocketsphinx-en-us" },
                    TurnDetection = new RealtimeServerVadTurnDetection(),
                },
                OutputAudioOptions = output,
            },
        };
        if (maxTokens is { } tokens) options.MaxOutputTokenCount = new RealtimeMaxOutputTokenCount(tokens);
        return options;
    }

    /// <summary>Opens <c>{url}/v1/realtime?model=…</c>: the SDK builds it from the <c>/v1</c> endpoint (http → ws, https → wss).</summary>
    /// <exception cref="WebSocketException">The server refused or could not be reached; the message says which URL.</exception>
    private static async Task<RealtimeSessionClient> ConnectAsync(Uri server, string? model, string? apiKey, CancellationToken cancellationToken)
    {
        var endpoint = new UriBuilder(server) { Path = server.AbsolutePath.TrimEnd('/') + "/v1", Query = "" }.Uri;
        // The SDK needs a credential and sends it as the bearer token; a server without API keys ignores it.
        var client = new RealtimeClient(new ApiKeyCredential(apiKey ?? "no-key"), new RealtimeClientOptions { Endpoint = endpoint });
        try
        {
            // No --model: no model query, so the server picks its best chat model.
            return await client.StartSessionAsync(model, intent: null, cancellationToken: cancellationToken);
        }
        catch (WebSocketException e)
        {
            var socketUrl = new UriBuilder(endpoint) { Scheme = endpoint.Scheme == "https" ? "wss" : endpoint.Scheme == "http" ? "ws" : endpoint.Scheme };
            socketUrl.Path += "/realtime";
            throw new WebSocketException(e.WebSocketErrorCode, $"Could not open {socketUrl.Uri}: {e.Message}", e);
        }
    }

    private static async Task StartSessionAsync(
        RealtimeSessionClient client, RealtimeConversationSessionOptions session, IAsyncEnumerator<RealtimeServerUpdate> updates,
        CancellationTokenSource receiving, CancellationToken cancellationToken)
    {
        receiving.CancelAfter(SetupTimeout);
        try
        {
            await WaitForAsync<RealtimeServerUpdateSessionCreated>(updates);
            await client.ConfigureConversationSessionAsync(session, cancellationToken);
            await WaitForAsync<RealtimeServerUpdateSessionUpdated>(updates);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException && receiving.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The server opened the socket but set up no realtime session within {SetupTimeout.TotalSeconds:0} s.");
        }
        receiving.CancelAfter(Timeout.InfiniteTimeSpan);
    }

    /// <summary>Reads updates until one of <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidOperationException">The server closed the socket first, or sent an <c>error</c> event.</exception>
    private static async Task WaitForAsync<T>(IAsyncEnumerator<RealtimeServerUpdate> updates) where T : RealtimeServerUpdate
    {
        while (await updates.MoveNextAsync())
        {
            if (updates.Current is T) return;
            if (updates.Current is RealtimeServerUpdateError error) throw new InvalidOperationException($"The server answered with an error: {error.Error?.Message}");
        }
        throw new InvalidOperationException($"The server closed the session before {typeof(T).Name}.");
    }

    private static async Task<float[]> ReadAudioAsync(FileInfo file, CancellationToken cancellationToken)
    {
        if (!file.Exists) throw new IOException($"The input file {file.FullName} does not exist.");
        await using var stream = file.OpenRead();
        var audio = await new AudioCodec().DecodeAsync(stream, SampleRate, 1, cancellationToken: cancellationToken);
        return audio.Samples.ToArray();
    }

    /// <summary>One turn from a file: the speech and then silence, so the server's VAD ends the turn, then its answer.</summary>
    private static async Task<int> TalkOnceAsync(
        RealtimeSessionClient client, IAsyncEnumerator<RealtimeServerUpdate> updates, CancellationTokenSource receiving, float[] speech, bool fast,
        TalkTranscript answer, CancellationToken cancellationToken)
    {
        var listening = answer.FollowAsync(updates, untilFirstResponse: true, cancellationToken);
        var chunk = SampleRate * ChunkMs / 1000;
        float[] audio = [.. speech, .. new float[SampleRate * TrailingSilenceMs / 1000]];
        var clock = Stopwatch.StartNew();
        try
        {
            for (var i = 0; i * chunk < audio.Length; i++)
            {
                // Real-time pacing: chunk i leaves 20·i ms after the first, however long the sends took.
                if (!fast && TimeSpan.FromMilliseconds(i * ChunkMs) - clock.Elapsed is { Ticks: > 0 } wait) await Task.Delay(wait, cancellationToken);
                await client.SendInputAudioAsync(Pcm16(audio.AsSpan(i * chunk, Math.Min(chunk, audio.Length - i * chunk))), cancellationToken);
                if (listening.IsCompleted) break;
            }
            receiving.CancelAfter(AnswerTimeout);
            return await listening;
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException && receiving.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No answer within {AnswerTimeout.TotalSeconds:0} s of the end of the file: the server heard no turn end (is there speech in it?).");
        }
        finally
        {
            await StopFollowingAsync(listening, receiving);
        }
    }

    /// <summary>The microphone until Ctrl+C: arecord's raw pcm16 goes out in 20 ms appends while answers play.</summary>
    private static async Task<int> TalkLiveAsync(
        RealtimeSessionClient client, IAsyncEnumerator<RealtimeServerUpdate> updates, CancellationTokenSource receiving, TalkTranscript answer,
        CancellationToken cancellationToken)
    {
        using var recorder = ExternalProgram.Start("arecord", "-q", "-f", "S16_LE", "-r", "24000", "-c", "1", "-t", "raw");
        using var player = ExternalProgram.IsOnPath("aplay") ? ExternalProgram.Start("aplay", "-q", "-f", "S16_LE", "-r", "24000", "-c", "1", "-t", "raw") : null;
        answer.Player = player?.StandardInput.BaseStream;
        await Console.Error.WriteLineAsync(player is null ? "Listening (no aplay: answers are not played). Ctrl+C ends." : "Listening. Ctrl+C ends.");
        var listening = answer.FollowAsync(updates, untilFirstResponse: false, cancellationToken);
        var chunk = new byte[SampleRate * ChunkMs / 1000 * 2];
        var microphone = recorder.StandardOutput.BaseStream;
        try
        {
            while (!listening.IsCompleted && await microphone.ReadAtLeastAsync(chunk, chunk.Length, throwOnEndOfStream: false, cancellationToken) is var read and > 0)
                await client.SendInputAudioAsync(BinaryData.FromBytes(chunk.AsMemory(0, read).ToArray()), cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException && cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
        finally
        {
            ExternalProgram.Stop(recorder);
            if (player is not null) ExternalProgram.Stop(player);
            await StopFollowingAsync(listening, receiving);
        }
        // The microphone ended (0), or the server closed the session (how it ended).
        return receiving.IsCancellationRequested ? 0 : await listening;
    }

    /// <summary>
    /// Ends the reading of updates before the session goes: a read still waiting is cancelled (which aborts the
    /// socket), and its end awaited, since the update enumeration cannot be disposed while a read is in flight.
    /// </summary>
    private static async Task StopFollowingAsync(Task listening, CancellationTokenSource receiving)
    {
        if (!listening.IsCompleted) await receiving.CancelAsync();
        await listening.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static BinaryData Pcm16(ReadOnlySpan<float> samples)
    {
        var bytes = new byte[samples.Length * 2];
        PcmConverter.FloatToPcm16Bytes(samples, bytes);
        return BinaryData.FromBytes(bytes);
    }

    /// <summary>Ends the session with a close handshake, so the server logs a normal close rather than an abort.</summary>
    private static async Task CloseAsync(WebSocket socket)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived)) return;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // Already gone: nothing to close.
        }
    }
}
