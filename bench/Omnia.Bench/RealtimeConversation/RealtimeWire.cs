using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Omnia.Audio;

namespace Omnia.Bench.RealtimeConversation;

/// <summary>
/// A realtime session over a WebSocket that hands the bench every server event whole (<see cref="WireEvent"/>),
/// since the conversation bench reads fields the shared client does not parse (<c>response.done</c>'s usage, text
/// deltas) and sends <c>max_output_tokens: "inf"</c>; and that remembers how the server closed the socket.
/// </summary>
/// <remarks>Sends from several tasks are serialized; one reader consumes <see cref="ReadEventsAsync"/> through a bounded queue.</remarks>
internal sealed class RealtimeWire : IAsyncDisposable
{
    private const int SampleRate = SpokenUtterance.SampleRate;
    private const int QueuedEvents = 4096;
    private const int MaxMessageBytes = 16 << 20;
    private readonly ClientWebSocket _socket;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly Channel<WireEvent> _events =
        Channel.CreateBounded<WireEvent>(new BoundedChannelOptions(QueuedEvents) { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _receiving;

    private RealtimeWire(ClientWebSocket socket, TimeProvider time)
    {
        _socket = socket;
        _time = time;
        _receiving = Task.Run(ReceiveAsync);
    }

    /// <summary>How the server ended the session (<c>1000 done</c>, <c>1006 (no close frame)</c>), null while it is open.</summary>
    public string? ClosedBy { get; private set; }

    public static async Task<RealtimeWire> ConnectAsync(Uri server, string model, TimeProvider time, CancellationToken cancellationToken)
    {
        var uri = new UriBuilder(server)
        {
            Scheme = server.Scheme == "https" ? "wss" : "ws",
            Path = server.AbsolutePath.TrimEnd('/') + "/v1/realtime",
            Query = "model=" + Uri.EscapeDataString(model),
        }.Uri;
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("realtime");
        try
        {
            await socket.ConnectAsync(uri, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new RealtimeWire(socket, time);
    }

    /// <summary>
    /// <c>session.update</c>: pcm16 at 24 kHz in and out, pocketsphinx transcription, the given turn detection, and
    /// <paramref name="maxOutputTokens"/> (null: <c>"inf"</c>).
    /// </summary>
    public Task UpdateSessionAsync(string instructions, int? maxOutputTokens, JsonObject turnDetection, CancellationToken cancellationToken)
    {
        var format = () => new JsonObject { ["type"] = "audio/pcm", ["rate"] = SampleRate };
        var session = new JsonObject
        {
            ["type"] = "realtime",
            ["instructions"] = instructions,
            ["max_output_tokens"] = maxOutputTokens is { } max ? max : "inf",
            ["audio"] = new JsonObject
            {
                ["input"] = new JsonObject
                {
                    ["format"] = format(),
                    ["transcription"] = new JsonObject { ["model"] = "pocketsphinx-en-us" },
                    ["turn_detection"] = turnDetection,
                },
                ["output"] = new JsonObject { ["format"] = format() },
            },
        };
        return SendAsync(new JsonObject { ["type"] = "session.update", ["session"] = session }, cancellationToken);
    }

    /// <summary>The bench's turn detection: server_vad with the tuned silence and prefix, or semantic_vad with eagerness high.</summary>
    public static JsonObject TurnDetection(RealtimeBenchOptions options) => options.SemanticVad
        ? new JsonObject { ["type"] = "semantic_vad", ["eagerness"] = "high" }
        : new JsonObject { ["type"] = "server_vad", ["silence_duration_ms"] = options.TunedSilenceMs, ["prefix_padding_ms"] = options.TunedPrefixMs };

    public Task AppendAudioAsync(ReadOnlyMemory<float> samples, CancellationToken cancellationToken)
    {
        var bytes = new byte[samples.Length * 2];
        PcmConverter.FloatToPcm16Bytes(samples.Span, bytes);
        return SendAsync(new JsonObject { ["type"] = "input_audio_buffer.append", ["audio"] = Convert.ToBase64String(bytes) }, cancellationToken);
    }

    /// <summary>Server events in arrival order; ends when the server closes the socket.</summary>
    public IAsyncEnumerable<WireEvent> ReadEventsAsync(CancellationToken cancellationToken) => _events.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Reads until an event of <paramref name="type"/>; an <c>error</c> or a close first throws.</summary>
    public async Task<WireEvent> WaitForAsync(string type, CancellationToken cancellationToken)
    {
        await foreach (var evt in ReadEventsAsync(cancellationToken))
        {
            if (evt.Type == type) return evt;
            if (evt.Type == "error") throw new InvalidOperationException($"The server answered with an error: {evt.ErrorMessage}");
        }

        throw new InvalidOperationException($"The server closed the session ({ClosedBy}) before '{type}'.");
    }

    private async Task SendAsync(JsonObject evt, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(evt);
        await _sending.WaitAsync(cancellationToken);
        try
        {
            // Cancelling a WebSocket send aborts the socket, so the token only stops the wait for a turn to send.
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None);
        }
        catch (WebSocketException) when (ClosedBy is not null || _socket.State != WebSocketState.Open)
        {
            // The server closed the session; the reader reports how.
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
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, _closing.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    ClosedBy = $"{(int?)result.CloseStatus} {result.CloseStatusDescription}".Trim();
                    break;
                }

                if (message.Length + result.Count > MaxMessageBytes) throw new InvalidDataException($"A server message is over {MaxMessageBytes >> 20} MiB.");
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                using var document = JsonDocument.Parse(message.GetBuffer().AsMemory(0, (int)message.Length));
                var root = document.RootElement.Clone();
                message.SetLength(0);
                await _events.Writer.WriteAsync(new WireEvent(root, _time.GetTimestamp()), _closing.Token);
            }
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            // We are closing.
        }
        catch (Exception e) when (e is WebSocketException or JsonException or InvalidDataException)
        {
            ClosedBy = e is WebSocketException ? "1006 (no close frame)" : $"unreadable message: {e.Message}";
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _events.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // Already gone.
            }
        }

        await _closing.CancelAsync();
        await _receiving;
        _socket.Dispose();
        _sending.Dispose();
        _closing.Dispose();
    }
}
