using System.Diagnostics;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Omnia.Audio;
using Omnia.Server.Realtime.Events.Client;
using Omnia.Server.Realtime.Events.Server;
using Omnia.Server.Realtime.Mcp;
using Omnia.Voice.Conversation;

namespace Omnia.Server.Realtime;

/// <summary>
/// One Realtime API connection: the protocol adapter around a <see cref="VoiceConversation"/>. The receive loop
/// parses client events into the conversation's commands (bad input is answered with an <c>error</c> event here, at
/// the edge); the frame pump maps the conversation's frames to server events; a single send loop writes them from a
/// bounded queue, so a client that stops reading is disconnected rather than growing memory. Audio of a response
/// that was interrupted and is still waiting in the queue is dropped, so barge-in silences the answer at once.
/// </summary>
internal sealed partial class RealtimeSession : IAsyncDisposable
{
    private const int SendQueueCapacity = 2048;
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(15);

    private readonly WebSocket _socket;
    private readonly RealtimeDependencies _deps;
    private readonly string _model;
    private readonly bool _beta;
    private readonly string _sessionId = "sess_" + RandomId();
    private readonly Channel<Outgoing> _outgoing = Channel.CreateBounded<Outgoing>(new BoundedChannelOptions(SendQueueCapacity) { SingleReader = true });
    private readonly HashSet<string> _cancelledResponses = [];
    private readonly CancellationTokenSource _closing = new();
    private readonly RealtimeSessionConfig _config = new();

    /// <summary>The settings as last handed to the conversation: what the frame pump shows in <c>session.updated</c>.</summary>
    private volatile RealtimeSessionConfig _sent;
    private readonly VoiceConversationEngines _engines;
    private readonly RealtimeEventWriter _events;

    /// <summary>The session's remote MCP servers; the gate keeps their tools' hand-overs to the conversation in order.</summary>
    private readonly RealtimeMcpServers _mcp;
    private readonly SemaphoreSlim _serverToolsGate = new(1, 1);

    /// <summary>Created when the session runs, with the settings the URL chose.</summary>
    private VoiceConversation? _conversation;

    /// <summary>Client audio in the session's input format, to the conversation's 16 kHz.</summary>
    private Resampler _inputResampler;

    public RealtimeSession(WebSocket socket, string model, bool beta, RealtimeDependencies deps)
    {
        _socket = socket;
        _model = model;
        _beta = beta;
        _deps = deps;
        _inputResampler = new Resampler(_config.InputFormat.SampleRate(), InputAudioBuffer.SampleRate);
        // Without a voice activity model the session starts in manual-commit mode rather than refusing to start.
        if (deps.VoiceActivity is null) _config.TurnDetection = TurnDetectionKind.None;
        _config.EndOfTurn = deps.Options.EndOfTurn;
        _sent = _config.Snapshot();
        _events = new RealtimeEventWriter(Send, beta, _sessionId, () => _sent.ToResource(_beta, _sessionId, _model), deps.Metrics, deps.Logger);
        _events.Interrupted += id =>
        {
            lock (_cancelledResponses) _cancelledResponses.Add(id);
        };
        _mcp = new RealtimeMcpServers(deps.Mcp, Send, ServerToolsChangedAsync, deps.Logger, _closing.Token);
        _engines = new VoiceConversationEngines(deps.Chat, JsonFunctionArguments.Instance)
        {
            ChatHearsAudio = deps.ChatInputModalities.Contains("audio"),
            ChatSeesImages = deps.ChatInputModalities.Contains("image"),
            AudioEncoderOnCpu = deps.ChatIsLocal,
            Recognition = deps.Recognition,
            VoiceActivity = deps.VoiceActivity,
            Speakers = deps.Speech is { } speech ? new RealtimeSpeakers(speech, deps.Options) : null,
            Translator = deps.Translator,
            SmartTurn = deps.TurnModels?.SmartTurn,
            NGram = deps.TurnModels?.NGram,
            Admission = new RealtimeAdmission(deps.Budget, deps.ServerMetrics),
            Observers = [new RealtimeLatencyLog(deps.Logger)],
            Time = deps.Time,
            Logger = deps.Logger,
        };
    }

    private RealtimeLimits Limits => _deps.Options.RealtimeLimits;

    /// <summary>The session a client secret was minted for, applied before any event as if a <c>session.update</c> came first (checked when it was minted).</summary>
    public void StartWith(JsonObject session)
    {
        _config.Apply(session, beta: false);
        _inputResampler = new Resampler(_config.InputFormat.SampleRate(), InputAudioBuffer.SampleRate);
        _sent = _config.Snapshot();
    }

    /// <summary>The translation preset chosen in the URL (<c>?preset=translate&amp;from=en&amp;to=es</c>), before any event.</summary>
    public void UseTranslation(string from, string to, string engine)
    {
        _config.ApplyTranslation(new JsonObject { ["from"] = from, ["to"] = to, ["engine"] = engine });
        _sent = _config.Snapshot();
    }

    public async Task RunAsync(CancellationToken aborted)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, _closing.Token);
        var sending = SendLoopAsync(linked.Token);
        Send(new SessionCreatedEvent(_config.ToResource(_beta, _sessionId, _model)));
        // The chat engine keeps this session's prompt cache between turns under this id, until the session ends.
        _conversation = new VoiceConversation(_engines, _config.ToConversationOptions(Limits, _deps.Mcp.Options), "realtime-" + _sessionId);
        var conversation = _conversation.RunAsync(linked.Token);
        // A client secret's session may name MCP servers: they are listed now that there is a conversation to give their tools.
        if (_config.McpServers.Count > 0) _mcp.Update(_config.McpServers, _config.Tools, null);
        var pumping = PumpFramesAsync(_conversation);
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
            await _closing.CancelAsync();
            await conversation;
            await pumping;
            _outgoing.Writer.TryComplete();
            await sending;
        }
    }

    /// <summary>The conversation's frames, as server events, into the send queue, until the conversation ends.</summary>
    private async Task PumpFramesAsync(VoiceConversation conversation)
    {
        await foreach (var frame in conversation.Frames.ReadAllAsync(CancellationToken.None)) _events.Write(frame);
    }
    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var maxEventBytes = Limits.MaxEventBytes;
        var message = new MemoryStream();
        while (_socket.State == WebSocketState.Open)
        {
            // On the server's clock, so the idle limit is testable with a fake one.
            using var idleTimer = new CancellationTokenSource(IdleTimeout, _deps.Time);
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idleTimer.Token);
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
        RealtimeClientEvent evt;
        try
        {
            // Read from the UTF-8 bytes as they came: no UTF-16 copy of a large event.
            evt = RealtimeClientEventReader.Read(utf8);
        }
        catch (RealtimeProtocolException e)
        {
            Error("invalid_request_error", e.Code, e.Message, e.Param, e.EventId);
            return;
        }

        var eventId = evt.EventId;
        try
        {
            var command = evt is ItemCreateEvent create ? await CreateItemAsync(create, cancellationToken) : Command(evt);
            if (command is not null) await _conversation!.SendAsync(command with { CorrelationId = eventId }, cancellationToken);
        }
        catch (RealtimeProtocolException e)
        {
            Error("invalid_request_error", e.Code, e.Message, e.Param, eventId);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException or ArgumentException or OverflowException or InvalidCastException)
        {
            // A field of the wrong JSON type or shape inside session.update: the JsonNode accessors say so with these.
            Error("invalid_request_error", "invalid_value", e.Message, null, eventId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // No event may end the session: a failure we did not foresee is logged and reported, and the session goes on.
            var type = RealtimeClientEventReader.NameOf(evt);
            _deps.Logger.LogError(e, "Realtime session {Session} failed to handle a {Type} event", _sessionId, type);
            Error("server_error", "event_failed", $"The server failed to handle the '{type}' event.", null, eventId);
        }
    }

    /// <summary>The conversation's command for a client event; null when there is nothing to do (audio that resampled to nothing).</summary>
    private VoiceCommand? Command(RealtimeClientEvent evt) => evt switch
    {
        SessionUpdateEvent update => UpdateSession(update.Session ?? throw Missing("session"), update.EventId),
        InputAudioAppendEvent append => AppendAudio(append.Audio ?? throw Missing("audio")),
        InputAudioCommitEvent => new CommitAudio(),
        InputAudioClearEvent => new ClearAudio(),
        ItemRetrieveEvent retrieve => new RetrieveItem(retrieve.ItemId),
        ItemDeleteEvent delete => new DeleteItem(delete.ItemId),
        ItemTruncateEvent truncate => new TruncateItem(truncate.ItemId, truncate.ContentIndex ?? 0, truncate.AudioEndMs ?? throw Missing("audio_end_ms")),
        ResponseCreateEvent create => new CreateResponse(RealtimeResponseOptions.From(_config, create.Response) with { ServerTools = _mcp.Tools }),
        ResponseCancelEvent => new CancelResponse(),
        _ => throw new UnreachableException($"A client event type without a command: {evt.GetType().Name}."),
    };

    /// <summary>The item, its pictures made ready first (a fetch waits here, within the media fetcher's time limit).</summary>
    private async Task<CreateItem> CreateItemAsync(ItemCreateEvent create, CancellationToken cancellationToken)
    {
        var wire = create.Item ?? throw Missing("item");
        var item = RealtimeItems.FromClient(wire, () => "item_" + RandomId());
        var images = await RealtimeImages.PrepareAsync(wire.Content, _deps.Media, cancellationToken);
        return new CreateItem(images.Count == 0 ? item : item with { Images = images }, create.PreviousItemId);
    }

    internal static RealtimeProtocolException Missing(string param) =>
        new("missing_required_parameter", $"Missing required parameter: '{param}'.", param);

    /// <summary>Checked on the encoded length before anything is decoded, then decoded and resampled to the conversation's rate.</summary>
    private AppendAudio? AppendAudio(string base64)
    {
        if (base64.Length / 4 * 3L > Limits.MaxAppendAudioBytes + 2)
            throw new RealtimeProtocolException("audio_too_large",
                $"One input_audio_buffer.append may carry at most {Limits.MaxAppendAudioBytes} bytes of audio: send it in several.", "audio");
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new RealtimeProtocolException("invalid_value", "'audio' must be base64.", "audio");
        }
        var samples = _inputResampler.Process(_config.InputFormat.Decode(bytes));
        return samples.Length == 0 ? null : new AppendAudio(samples);
    }

    /// <summary>Applies the update to the session's settings (all or nothing) and hands them to the conversation, which acknowledges them.</summary>
    private UpdateOptions UpdateSession(JsonObject session, string? eventId)
    {
        var inputFormat = _config.InputFormat;
        var beta = _beta || !session.ContainsKey("type") && IsBetaShape(session);
        if (session.ContainsKey("tools"))
        {
            var proposed = _config.Snapshot();
            proposed.Apply(session, beta);
            _mcp.CheckFunctionNames(proposed.McpServers, proposed.Tools);
        }
        _config.Apply(session, beta);
        if (_config.InputFormat != inputFormat) _inputResampler = new Resampler(_config.InputFormat.SampleRate(), InputAudioBuffer.SampleRate);
        _sent = _config.Snapshot();
        if (session.ContainsKey("tools")) _mcp.Update(_config.McpServers, _config.Tools, eventId);
        return new UpdateOptions(_config.ToConversationOptions(Limits, _deps.Mcp.Options));
    }

    /// <summary>The beta shape has flat audio fields (<c>voice</c>, <c>input_audio_format</c>, <c>turn_detection</c>) where GA nests them under <c>audio</c>.</summary>
    private static bool IsBetaShape(JsonObject session) =>
        session.ContainsKey("voice") || session.ContainsKey("input_audio_format") || session.ContainsKey("output_audio_format")
        || session.ContainsKey("turn_detection") || session.ContainsKey("input_audio_transcription") || session.ContainsKey("modalities");

    /// <summary>A listing ended or a server was dropped: the conversation gets the tools as they are now.</summary>
    private async Task ServerToolsChangedAsync()
    {
        try
        {
            await _serverToolsGate.WaitAsync(_closing.Token);
            try
            {
                if (_conversation is { } conversation) await conversation.SendAsync(new UpdateServerTools(_mcp.Tools), _closing.Token);
            }
            finally
            {
                _serverToolsGate.Release();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException or ObjectDisposedException)
        {
            // The session is ending: no one will answer with these tools.
        }
    }

    private static string RandomId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));

    public async ValueTask DisposeAsync()
    {
        if (_conversation is not null) await _conversation.DisposeAsync();
        await _mcp.DisposeAsync();
        _serverToolsGate.Dispose();
        _closing.Dispose();
    }
}
