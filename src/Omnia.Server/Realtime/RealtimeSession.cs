using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Omnia.Audio;
using Omnia.Chat;
using Omnia.Models;
using Omnia.Vad;
using Omnia.Voice.Recognition;

namespace Omnia.Server.Realtime;

/// <summary>
/// One Realtime API connection. The receive loop handles client events in order (audio into the turn detector and
/// the live transcriber, items, commits); responses run on their own task and stream their events; a single send
/// loop writes to the socket from a bounded queue, so a client that stops reading is disconnected rather than
/// growing memory. Audio deltas of a cancelled response still waiting in the queue are dropped, so barge-in silences
/// the answer at once.
/// </summary>
internal sealed partial class RealtimeSession : IAsyncDisposable
{
    private const int SendQueueCapacity = 2048;
    private const int InputRate = 16000;
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(15);

    private readonly WebSocket _socket;
    private readonly RealtimeDependencies _deps;
    private readonly string _model;
    private readonly bool _beta;
    private readonly string _sessionId = "sess_" + RandomId();
    private readonly Channel<Outgoing> _outgoing = Channel.CreateBounded<Outgoing>(new BoundedChannelOptions(SendQueueCapacity) { SingleReader = true });
    private readonly HashSet<string> _cancelledResponses = [];
    private readonly Lock _gate = new();
    private readonly List<RealtimeItem> _items = [];
    private readonly List<float> _buffer = [];
    private readonly List<(long EndSample, long Timestamp)> _arrivals = [];
    private readonly CancellationTokenSource _closing = new();
    private readonly List<Task> _background = [];
    private readonly RealtimeSessionConfig _config = new();
    private long _eventCounter;
    private long _samplesSeen;
    private Resampler _inputResampler;
    private IVoiceActivityModel? _vadModel;
    private VoiceActivityDetector? _vad;
    private LiveTranscriber? _transcriber;
    private string? _speechItemId;
    private long? _pausedAtMs;
    private bool _turnEnded;

    /// <summary>Where the detector's timeline starts in the session's audio (a detector created mid-session starts at 0).</summary>
    private long _vadOffsetMs;

    /// <summary>Where the current stretch without speech began, for <c>idle_timeout_ms</c>.</summary>
    private long _idleSinceMs;
    private ActiveResponse? _response;

    /// <summary>An answer started at the first silent frame, waiting for the turn decision.</summary>
    private (ActiveResponse Response, long PausedAtMs)? _speculation;

    public RealtimeSession(WebSocket socket, string model, bool beta, RealtimeDependencies deps)
    {
        _socket = socket;
        _model = model;
        _beta = beta;
        _deps = deps;
        _inputResampler = new Resampler(_config.InputFormat.SampleRate(), InputRate);
        // Without a voice activity model the session starts in manual-commit mode rather than refusing to start.
        if (deps.VoiceActivity is null) _config.TurnDetection = TurnDetectionKind.None;
        ConfigureTurnDetection();
    }

    /// <summary>The translation preset chosen in the URL (<c>?preset=translate&amp;from=en&amp;to=es</c>), before any event.</summary>
    public void UseTranslation(string from, string to, string engine) =>
        _config.ApplyTranslation(new JsonObject { ["from"] = from, ["to"] = to, ["engine"] = engine });

    public async Task RunAsync(CancellationToken aborted)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, _closing.Token);
        var sending = SendLoopAsync(linked.Token);
        Send(new JsonObject { ["type"] = "session.created", ["session"] = _config.ToJson(_beta, _sessionId, _model) });
        try
        {
            await ReceiveLoopAsync(linked.Token);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is WebSocketException or IOException)
        {
            _deps.Logger.LogDebug("Realtime session {Session} ended: {Reason}", _sessionId, e.Message);
        }
        finally
        {
            CancelResponse("client_disconnected");
            _outgoing.Writer.TryComplete();
            await _closing.CancelAsync();
            await sending;
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var maxEventBytes = Limits.MaxEventBytes;
        var message = new MemoryStream();
        while (_socket.State == WebSocketState.Open)
        {
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            idle.CancelAfter(IdleTimeout);
            WebSocketReceiveResult result;
            try
            {
                result = await _socket.ReceiveAsync(buffer, idle.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await CloseAsync(WebSocketCloseStatus.PolicyViolation, "idle timeout");
                return;
            }
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await CloseAsync(WebSocketCloseStatus.NormalClosure, "bye");
                return;
            }
            if (message.Length + result.Count > maxEventBytes)
            {
                // Refused before it is stored: the rest of the message is read and thrown away.
                Error("invalid_request_error", "message_too_large", $"A client event must be at most {maxEventBytes} bytes.", null, null);
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close) result = await _socket.ReceiveAsync(buffer, cancellationToken);
                message = Reset(message);
                continue;
            }
            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage) continue;

            if (result.MessageType != WebSocketMessageType.Text)
                Error("invalid_request_error", "invalid_event", "Client events are JSON text messages.", null, null);
            else
                await HandleAsync(message.GetBuffer().AsMemory(0, (int)message.Length), cancellationToken);
            message = Reset(message);
        }
    }

    /// <summary>The reassembly buffer, emptied; one grown by a large event is let go, so an idle session holds little.</summary>
    private static MemoryStream Reset(MemoryStream message)
    {
        if (message.Capacity <= 1024 * 1024)
        {
            message.SetLength(0);
            return message;
        }
        message.Dispose();
        return new MemoryStream();
    }

    private async Task HandleAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken)
    {
        JsonObject? evt;
        try
        {
            // Parsed from the UTF-8 bytes as they came: no UTF-16 copy of a large event. A repeated property is
            // refused here; left in, it would throw later, at the first lookup in the object, and end the session.
            evt = JsonNode.Parse(utf8.Span, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }) as JsonObject;
        }
        catch (JsonException e)
        {
            Error("invalid_request_error", "invalid_json", $"The event is not valid JSON: {e.Message.Split('.')[0]}.", null, null);
            return;
        }
        if (evt is null)
        {
            Error("invalid_request_error", "invalid_json", "An event must be a JSON object.", null, null);
            return;
        }

        string? eventId = null, type = null;
        try
        {
            eventId = evt["event_id"] is JsonValue id && id.TryGetValue<string>(out var s) ? s : null;
            type = evt["type"] is JsonValue t && t.TryGetValue<string>(out var ts) ? ts : null;
            await DispatchAsync(evt, type, cancellationToken);
        }
        catch (RealtimeProtocolException e)
        {
            Error("invalid_request_error", e.Code, e.Message, e.Param, eventId);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException or ArgumentException or OverflowException or InvalidCastException)
        {
            // A field of the wrong JSON type or shape: the JsonNode accessors say so with these.
            Error("invalid_request_error", "invalid_value", e.Message, null, eventId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // No event may end the session: a failure we did not foresee is logged and reported, and the session goes on.
            _deps.Logger.LogError(e, "Realtime session {Session} failed to handle a {Type} event", _sessionId, type);
            Error("server_error", "event_failed", $"The server failed to handle the '{type}' event.", null, eventId);
        }
    }

    private async Task DispatchAsync(JsonObject evt, string? type, CancellationToken cancellationToken)
    {
        switch (type)
        {
            case "session.update":
                UpdateSession(evt["session"] as JsonObject ?? throw Missing("session"));
                break;
            case "input_audio_buffer.append":
                await AppendAudioAsync(evt["audio"]?.GetValue<string>() ?? throw Missing("audio"), cancellationToken);
                break;
            case "input_audio_buffer.commit":
                await CommitAsync(manual: true, audioEndMs: null, cancellationToken);
                break;
            case "input_audio_buffer.clear":
                await ClearBufferAsync();
                Send(new JsonObject { ["type"] = "input_audio_buffer.cleared" });
                break;
            case "conversation.item.create":
                CreateItem(evt["item"] as JsonObject ?? throw Missing("item"), evt["previous_item_id"]?.GetValue<string>());
                break;
            case "conversation.item.retrieve":
                Send(new JsonObject { ["type"] = "conversation.item.retrieved", ["item"] = FindItem(evt["item_id"]?.GetValue<string>()).ToJson() });
                break;
            case "conversation.item.delete":
                DeleteItem(evt["item_id"]?.GetValue<string>());
                break;
            case "conversation.item.truncate":
                Truncate(evt["item_id"]?.GetValue<string>(), evt["content_index"]?.GetValue<int>() ?? 0,
                    evt["audio_end_ms"]?.GetValue<double>() ?? throw Missing("audio_end_ms"));
                break;
            case "response.create":
                StartResponse(evt["response"] as JsonObject, trace: null);
                break;
            case "response.cancel":
                if (!CancelResponse("client_cancelled"))
                    throw new RealtimeProtocolException("response_cancel_not_active", "There is no response in progress to cancel.");
                break;
            case null:
                throw new RealtimeProtocolException("missing_required_parameter", "The event has no 'type'.", "type");
            default:
                throw new RealtimeProtocolException("invalid_event_type", $"Unknown event type '{type}'.", "type");
        }
    }

    private static RealtimeProtocolException Missing(string param) =>
        new("missing_required_parameter", $"Missing required parameter: '{param}'.", param);

    private void UpdateSession(JsonObject session)
    {
        var inputFormat = _config.InputFormat;
        var detection = (_config.TurnDetection, _config.Vad);
        _config.Apply(session, _beta || !session.ContainsKey("type") && IsBetaShape(session));
        if (_config.InputFormat != inputFormat) _inputResampler = new Resampler(_config.InputFormat.SampleRate(), InputRate);
        if ((_config.TurnDetection, _config.Vad) != detection) ConfigureTurnDetection();
        Send(new JsonObject { ["type"] = "session.updated", ["session"] = _config.ToJson(_beta, _sessionId, _model) });
    }

    /// <summary>The beta shape has flat audio fields (<c>voice</c>, <c>input_audio_format</c>, <c>turn_detection</c>) where GA nests them under <c>audio</c>.</summary>
    private static bool IsBetaShape(JsonObject session) =>
        session.ContainsKey("voice") || session.ContainsKey("input_audio_format") || session.ContainsKey("output_audio_format")
        || session.ContainsKey("turn_detection") || session.ContainsKey("input_audio_transcription") || session.ContainsKey("modalities");

    private void ConfigureTurnDetection()
    {
        var options = _config.Vad;
        if (_config.TurnDetection == TurnDetectionKind.SemanticVad)
            options = new VoiceActivityOptions { Threshold = options.Threshold, PrefixPaddingMs = options.PrefixPaddingMs, SilenceDurationMs = SemanticTurn.LongestWaitMs };
        if (_vad is not null && _config.TurnDetection != TurnDetectionKind.None)
        {
            // Same stream, new settings: the detector keeps its timeline and state.
            _vad.Options = options;
            return;
        }
        _vadModel?.Dispose();
        _vadModel = null;
        _vad = null;
        if (_config.TurnDetection == TurnDetectionKind.None) return;
        if (_deps.VoiceActivity is null)
            throw new RealtimeProtocolException("turn_detection_unavailable", "Server-side turn detection needs the Silero VAD model (omnia pull silero-vad); use turn_detection: null and commit manually.");
        _vadModel = _deps.VoiceActivity.Create(InputRate);
        _vad = new VoiceActivityDetector(_vadModel, options);
        _vadOffsetMs = _samplesSeen * 1000 / InputRate;
    }

    /// <summary>A chat model with its own audio encoder hears the user's audio itself; recognition only writes the transcript.</summary>
    private bool NativeAudio => _deps.ChatInputModalities.Contains("audio");

    private static string RandomId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));

    /// <summary>The chat engine keeps this session's prompt cache between turns under this id, until the session ends.</summary>
    private string ConversationCacheId => "realtime-" + _sessionId;

    /// <summary>Work a turn leaves running (its transcript): awaited when the session ends, so none outlives it unobserved.</summary>
    private void Track(Task task)
    {
        lock (_gate)
        {
            _background.RemoveAll(t => t.IsCompleted);
            _background.Add(task);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task[] background;
        lock (_gate) background = [.. _background];
        // Each catches and reports its own failures; the session's token, cancelled by now, ends their waits.
        await Task.WhenAll(background);
        _deps.Chat.GetService<IConversationCache>()?.EndConversation(ConversationCacheId);
        if (_transcriber is not null) await _transcriber.DisposeAsync();
        _vadModel?.Dispose();
        _closing.Dispose();
    }
}
