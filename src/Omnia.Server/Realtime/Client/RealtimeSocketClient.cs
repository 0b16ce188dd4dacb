using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Omnia.Audio;

namespace Omnia.Server.Realtime.Client;

/// <summary>
/// A small client for the Realtime API (GA event names) over a WebSocket, used by <c>omnia talk</c> and the latency
/// bench: sends <c>session.update</c>, audio appends and item deletes; reads server events parsed into
/// <see cref="RealtimeServerEvent"/>, each stamped with the time it arrived.
/// </summary>
/// <remarks>
/// Sends may come from several tasks at once; they are serialized here, since a WebSocket allows one send at a time.
/// Cancellation stops a send from starting, never one half-way (that would abort the socket).
/// One reader consumes <see cref="ReadEventsAsync"/>. Received events wait in a bounded queue: a reader that falls
/// behind stops the socket being read (back-pressure) instead of growing memory.
/// </remarks>
public sealed class RealtimeSocketClient : IAsyncDisposable
{
    private const int QueuedEvents = 4096;
    private const int MaxMessageBytes = 16 << 20;
    private readonly ClientWebSocket _socket;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly Channel<RealtimeServerEvent> _events =
        Channel.CreateBounded<RealtimeServerEvent>(new BoundedChannelOptions(QueuedEvents) { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _receiving;

    private RealtimeSocketClient(ClientWebSocket socket, TimeProvider time)
    {
        _socket = socket;
        _time = time;
        _receiving = Task.Run(ReceiveAsync);
    }

    /// <summary>The input and output sample rate of pcm16 sessions.</summary>
    public const int SampleRate = 24000;

    /// <summary>Connects to <c>{baseUrl}/v1/realtime?model=…</c> (http → ws, https → wss).</summary>
    /// <exception cref="WebSocketException">The server refused or could not be reached; the message says which.</exception>
    public static async Task<RealtimeSocketClient> ConnectAsync(
        Uri baseUrl, string? model, string? apiKey, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (baseUrl.Scheme is not ("http" or "https" or "ws" or "wss"))
            throw new ArgumentException($"The server URL must be http(s):// or ws(s)://; got '{baseUrl}'.", nameof(baseUrl));
        var path = baseUrl.AbsolutePath.TrimEnd('/') + "/v1/realtime";
        var uri = new UriBuilder(baseUrl)
        {
            Scheme = baseUrl.Scheme is "https" or "wss" ? "wss" : "ws",
            Path = path,
            Query = model is null ? "" : "model=" + Uri.EscapeDataString(model),
        }.Uri;
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("realtime");
        if (apiKey is not null) socket.Options.SetRequestHeader("Authorization", "Bearer " + apiKey);
        try
        {
            await socket.ConnectAsync(uri, cancellationToken);
        }
        catch (WebSocketException e)
        {
            socket.Dispose();
            throw new WebSocketException(e.WebSocketErrorCode, $"Could not open {uri}: {e.Message}", e);
        }
        return new RealtimeSocketClient(socket, time ?? TimeProvider.System);
    }

    /// <summary>Sends <c>session.update</c> with the settings (audio in and out as pcm16 24 kHz, input transcription on).</summary>
    public Task UpdateSessionAsync(RealtimeClientSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var detection = new JsonObject { ["type"] = settings.TurnDetection.Type };
        if (settings.TurnDetection.SilenceDurationMs is { } silence) detection["silence_duration_ms"] = silence;
        if (settings.TurnDetection.PrefixPaddingMs is { } prefix) detection["prefix_padding_ms"] = prefix;
        if (settings.TurnDetection.Eagerness is { } eagerness) detection["eagerness"] = eagerness;
        var output = new JsonObject { ["format"] = new JsonObject { ["type"] = "audio/pcm", ["rate"] = SampleRate } };
        if (settings.Voice is not null) output["voice"] = settings.Voice;
        var session = new JsonObject
        {
            ["type"] = "realtime",
            ["audio"] = new JsonObject
            {
                ["input"] = new JsonObject
                {
                    ["format"] = new JsonObject { ["type"] = "audio/pcm", ["rate"] = SampleRate },
                    ["transcription"] = new JsonObject { ["model"] = "pocketsphinx-en-us" },
                    ["turn_detection"] = detection,
                },
                ["output"] = output,
            },
        };
        if (settings.Instructions is not null) session["instructions"] = settings.Instructions;
        if (settings.MaxOutputTokens is { } tokens) session["max_output_tokens"] = tokens;
        return SendAsync(new JsonObject { ["type"] = "session.update", ["session"] = session }, cancellationToken);
    }

    /// <summary>Appends mono samples at <see cref="SampleRate"/> to the input buffer, as pcm16.</summary>
    public Task AppendAudioAsync(ReadOnlyMemory<float> samples, CancellationToken cancellationToken = default)
    {
        var bytes = new byte[samples.Length * 2];
        PcmConverter.FloatToPcm16Bytes(samples.Span, bytes);
        return AppendPcm16Async(bytes, cancellationToken);
    }

    /// <summary>Appends raw pcm16 little-endian mono at <see cref="SampleRate"/> (e.g. straight from a microphone).</summary>
    public Task AppendPcm16Async(ReadOnlyMemory<byte> pcm16, CancellationToken cancellationToken = default) =>
        SendAsync(new JsonObject { ["type"] = "input_audio_buffer.append", ["audio"] = Convert.ToBase64String(pcm16.Span) }, cancellationToken);

    /// <summary>Removes an item from the conversation (so the next turn starts without it).</summary>
    public Task DeleteItemAsync(string itemId, CancellationToken cancellationToken = default) =>
        SendAsync(new JsonObject { ["type"] = "conversation.item.delete", ["item_id"] = itemId }, cancellationToken);

    /// <summary>Server events in the order they arrived; ends when the server closes the socket.</summary>
    public IAsyncEnumerable<RealtimeServerEvent> ReadEventsAsync(CancellationToken cancellationToken = default) =>
        _events.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Reads events until one of <paramref name="type"/> arrives; the ones before it are passed to <paramref name="seen"/>.</summary>
    /// <exception cref="InvalidOperationException">The server closed the socket first, or sent an <c>error</c> event.</exception>
    public async Task<RealtimeServerEvent> WaitForAsync(string type, Action<RealtimeServerEvent>? seen = null, CancellationToken cancellationToken = default)
    {
        await foreach (var evt in ReadEventsAsync(cancellationToken))
        {
            if (evt.Type == type) return evt;
            if (evt.Type == "error") throw new InvalidOperationException($"The server answered with an error: {evt.Text}");
            seen?.Invoke(evt);
        }
        throw new InvalidOperationException($"The server closed the session before '{type}'.");
    }

    private async Task SendAsync(JsonObject evt, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(evt.ToJsonString());
        await _sending.WaitAsync(cancellationToken);
        try
        {
            // Cancelling a WebSocket send aborts the whole socket, so a token only stops the wait for a turn to send.
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, _closing.Token);
                if (result.MessageType == WebSocketMessageType.Close) break;
                if (message.Length + result.Count > MaxMessageBytes)
                    throw new InvalidDataException($"A server message is over {MaxMessageBytes >> 20} MiB.");
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                var evt = Parse(message.GetBuffer().AsSpan(0, (int)message.Length), _time.GetTimestamp());
                message.SetLength(0);
                await _events.Writer.WriteAsync(evt, _closing.Token);
            }
            _events.Writer.TryComplete();
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The server went away or we are closing: the event stream simply ends.
            _events.Writer.TryComplete();
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            _events.Writer.TryComplete(new InvalidOperationException($"The server sent a message this client cannot read: {e.Message}", e));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static RealtimeServerEvent Parse(ReadOnlySpan<byte> json, long received)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        var root = document.RootElement;
        var type = String(root, "type") ?? throw new JsonException("An event has no type.");
        var evt = new RealtimeServerEvent(type, received) { ItemId = String(root, "item_id"), ResponseId = String(root, "response_id") };
        return type switch
        {
            "response.output_audio.delta" => evt with { Audio = Convert.FromBase64String(String(root, "delta") ?? "") },
            "response.output_audio_transcript.delta" or "response.output_text.delta" or "conversation.item.input_audio_transcription.delta"
                => evt with { Text = String(root, "delta") },
            "conversation.item.input_audio_transcription.completed" or "response.output_audio_transcript.done" => evt with { Text = String(root, "transcript") },
            "error" => evt with { Text = root.TryGetProperty("error", out var error) ? String(error, "message") : null },
            "response.done" => ResponseDone(evt, root.GetProperty("response")),
            _ => evt,
        };
    }

    private static RealtimeServerEvent ResponseDone(RealtimeServerEvent evt, JsonElement response)
    {
        var latency = new Dictionary<string, double>();
        if (response.TryGetProperty("omnia", out var omnia) && omnia.TryGetProperty("latency", out var trace) && trace.ValueKind == JsonValueKind.Object)
            foreach (var stage in trace.EnumerateObject())
                if (stage.Value.ValueKind == JsonValueKind.Number) latency[stage.Name] = stage.Value.GetDouble();
        var outputs = response.TryGetProperty("output", out var output) && output.ValueKind == JsonValueKind.Array
            ? output.EnumerateArray().Select(o => String(o, "id")).OfType<string>().ToList()
            : [];
        return evt with { ResponseId = String(response, "id"), Status = String(response, "status"), Latency = latency, OutputItemIds = outputs };
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // Already gone: nothing to close.
            }
        }
        await _closing.CancelAsync();
        await _receiving;
        _socket.Dispose();
        _sending.Dispose();
        _closing.Dispose();
    }
}
