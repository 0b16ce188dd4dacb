using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Omnia.Server.Realtime.Events;
using Omnia.Server.Realtime.Events.Server;

namespace Omnia.Server.Realtime;

internal sealed partial class RealtimeSession
{
    /// <summary>A queued server event; audio of a response that was cancelled meanwhile is dropped, not sent.</summary>
    private sealed record Outgoing(RealtimeServerEvent Event, string? AudioOfResponse, Action? OnSent);

    private void Send(RealtimeServerEvent evt, string? audioOfResponse = null, Action? onSent = null)
    {
        if (!_outgoing.Writer.TryWrite(new Outgoing(evt, audioOfResponse, onSent)))
        {
            // The client has stopped reading: end the session instead of queueing without bound.
            _deps.Logger.LogWarning("Realtime session {Session} closed: the client stopped reading its events.", _sessionId);
            _outgoing.Writer.TryComplete();
            _closing.Cancel();
        }
    }

    private void Error(string type, string code, string message, string? param, string? eventId) =>
        Send(new ErrorEvent(new RealtimeError(type, code, message, param, eventId)));

    private const int BufferSize = 16 * 1024;

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            // One buffer for every event: each is written into it as UTF-8 and sent from it.
            var utf8 = new ArrayBufferWriter<byte>(BufferSize);
            await using var json = new Utf8JsonWriter(utf8);
            var typeInfo = RealtimeEventJson.For(_beta);
            long eventCounter = 0;
            await foreach (var message in _outgoing.Reader.ReadAllAsync(CancellationToken.None))
            {
                if (message.AudioOfResponse is { } response)
                    lock (_cancelledResponses)
                        if (_cancelledResponses.Contains(response)) continue;
                if (_socket.State != WebSocketState.Open) break;
                utf8.ResetWrittenCount();
                json.Reset();
                JsonSerializer.Serialize(json, message.Event with { EventId = $"event_{++eventCounter}" }, typeInfo);
                await _socket.SendAsync(utf8.WrittenMemory, WebSocketMessageType.Text, true, cancellationToken);
                message.OnSent?.Invoke();
                if (utf8.Capacity > 1024 * 1024)
                {
                    // Grown by a large event: let it go, so a long session does not keep its largest event's size.
                    utf8 = new ArrayBufferWriter<byte>(BufferSize);
                    json.Reset(utf8);
                }
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
