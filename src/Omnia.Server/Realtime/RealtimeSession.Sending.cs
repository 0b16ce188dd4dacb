using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Omnia.Server.Realtime;

internal sealed partial class RealtimeSession
{
    /// <summary>GA event names as the beta protocol spells them.</summary>
    private static readonly Dictionary<string, string> BetaNames = new(StringComparer.Ordinal)
    {
        ["conversation.item.added"] = "conversation.item.created",
        ["response.output_audio.delta"] = "response.audio.delta",
        ["response.output_audio.done"] = "response.audio.done",
        ["response.output_audio_transcript.delta"] = "response.audio_transcript.delta",
        ["response.output_audio_transcript.done"] = "response.audio_transcript.done",
        ["response.output_text.delta"] = "response.text.delta",
        ["response.output_text.done"] = "response.text.done",
    };

    /// <summary>A queued server event; audio of a response that was cancelled meanwhile is dropped, not sent.</summary>
    private sealed record Outgoing(string Json, string? AudioOfResponse, Action? OnSent);

    private void Send(JsonObject evt, string? audioOfResponse = null, Action? onSent = null)
    {
        evt["event_id"] = $"event_{Interlocked.Increment(ref _eventCounter)}";
        if (_beta && evt["type"]?.GetValue<string>() is { } type && BetaNames.TryGetValue(type, out var betaType))
        {
            evt["type"] = betaType;
            if (evt["part"] is JsonObject part && part["type"]?.GetValue<string>() is { } partType)
                part["type"] = partType.Replace("output_", "", StringComparison.Ordinal);
        }
        // Reorder so "type" comes first, as OpenAI's events do (some clients sniff it).
        var ordered = new JsonObject { ["type"] = evt["type"]?.DeepClone(), ["event_id"] = evt["event_id"]?.DeepClone() };
        foreach (var (key, value) in evt.ToList())
            if (key is not ("type" or "event_id")) ordered[key] = value?.DeepClone();

        if (!_outgoing.Writer.TryWrite(new Outgoing(ordered.ToJsonString(), audioOfResponse, onSent)))
        {
            // The client has stopped reading: end the session instead of queueing without bound.
            _deps.Logger.LogWarning("Realtime session {Session} closed: the client stopped reading its events.", _sessionId);
            _outgoing.Writer.TryComplete();
            _closing.Cancel();
        }
    }

    private void Error(string type, string code, string message, string? param, string? eventId) => Send(new JsonObject
    {
        ["type"] = "error",
        ["error"] = new JsonObject { ["type"] = type, ["code"] = code, ["message"] = message, ["param"] = param, ["event_id"] = eventId },
    });

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in _outgoing.Reader.ReadAllAsync(CancellationToken.None))
            {
                if (message.AudioOfResponse is { } response)
                    lock (_cancelledResponses)
                        if (_cancelledResponses.Contains(response)) continue;
                if (_socket.State != WebSocketState.Open) break;
                await _socket.SendAsync(Encoding.UTF8.GetBytes(message.Json), WebSocketMessageType.Text, true, cancellationToken);
                message.OnSent?.Invoke();
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ChannelClosedException)
        {
            _deps.Logger.LogDebug("Realtime session {Session} stopped sending: {Reason}", _sessionId, e.Message);
        }
        if (_closing.IsCancellationRequested && _socket.State == WebSocketState.Open)
            await CloseAsync(WebSocketCloseStatus.PolicyViolation, "the client is not reading");
    }

    private async Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), _deps.Time);
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                await _socket.CloseOutputAsync(status, reason, timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
    }
}
