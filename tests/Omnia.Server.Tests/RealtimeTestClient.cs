using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Omnia.Audio;

namespace Omnia.Server.Tests;

/// <summary>A raw WebSocket client for the Realtime API: sends events, records every server event in order.</summary>
internal sealed class RealtimeTestClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly Channel<JsonElement> _events = Channel.CreateUnbounded<JsonElement>();
    private readonly Task _receiving;

    private RealtimeTestClient(ClientWebSocket socket)
    {
        _socket = socket;
        _receiving = Task.Run(ReceiveAsync);
    }

    public List<JsonElement> All { get; } = [];

    public static async Task<RealtimeTestClient> ConnectAsync(Uri server, string query = "model=stories260k", Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = new ClientWebSocket();
        configure?.Invoke(socket.Options);
        var uri = new UriBuilder(server) { Scheme = "ws", Path = "/v1/realtime", Query = query }.Uri;
        await socket.ConnectAsync(uri, CancellationToken.None);
        return new RealtimeTestClient(socket);
    }

    public Task SendAsync(object evt) => SendRawAsync(JsonSerializer.Serialize(evt));

    public Task SendRawAsync(string json) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>Waits for the next event of <paramref name="type"/>, keeping every event seen on the way in <see cref="All"/>.</summary>
    public async Task<JsonElement> WaitForAsync(string type, int timeoutSeconds = 60, Func<JsonElement, bool>? where = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        while (true)
        {
            JsonElement evt;
            try
            {
                evt = await _events.Reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No '{type}' within {timeoutSeconds} s. Seen: {string.Join(", ", All.Select(e => e.GetProperty("type").GetString()))}");
            }
            All.Add(evt);
            if (evt.GetProperty("type").GetString() == type && (where is null || where(evt))) return evt;
        }
    }

    /// <summary>Speech for the server: 16 kHz samples resampled to the session's input rate, encoded, sent in 100 ms appends.</summary>
    /// <param name="oneEvent">Send the whole audio in one <c>input_audio_buffer.append</c> rather than in 100 ms events.</param>
    public async Task AppendSpeechAsync(float[] samples16k, string format = "pcm16", bool realTime = false, bool oneEvent = false)
    {
        var rate = format == "pcm16" ? 24000 : 8000;
        var samples = Resampler.Resample(samples16k, 16000, rate);
        var chunk = oneEvent ? Math.Max(1, samples.Length) : rate / 10;
        for (var i = 0; i < samples.Length; i += chunk)
        {
            var piece = samples.AsSpan(i, Math.Min(chunk, samples.Length - i));
            byte[] bytes;
            if (format == "pcm16")
            {
                bytes = new byte[piece.Length * 2];
                PcmConverter.FloatToPcm16Bytes(piece, bytes);
            }
            else
            {
                bytes = new byte[piece.Length];
                if (format == "g711_ulaw") MuLaw.Encode(piece, bytes);
                else ALaw.Encode(piece, bytes);
            }
            await SendAsync(new { type = "input_audio_buffer.append", audio = Convert.ToBase64String(bytes) });
            if (realTime) await Task.Delay(100);
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[1 << 20];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                _events.Writer.TryWrite(JsonSerializer.Deserialize<JsonElement>(message.GetBuffer().AsSpan(0, (int)message.Length)));
                message.SetLength(0);
            }
        }
        catch (WebSocketException)
        {
        }
        _events.Writer.TryComplete();
    }

    public WebSocketState State => _socket.State;

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
            }
            catch (WebSocketException)
            {
            }
        }
        await _receiving;
        _socket.Dispose();
    }
}

/// <summary>Spoken questions for the realtime tests: flite speech at 16 kHz with silence around it.</summary>
internal static class Utterances
{
    public static async Task<float[]> SpokenAsync(string text, double silenceBefore = 0.5, double silenceAfter = 1.2)
    {
        var wav = await SpeechAudio.FliteWavAsync(text);
        var audio = await WavReader.ReadAsync(new MemoryStream(wav));
        var speech = audio.ToMono().Resample(16000).Samples.ToArray();
        return [.. new float[(int)(16000 * silenceBefore)], .. speech, .. new float[(int)(16000 * silenceAfter)]];
    }
}
