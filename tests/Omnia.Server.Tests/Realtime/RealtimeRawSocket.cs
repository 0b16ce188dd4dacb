using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Omnia.Server.Tests.Realtime;

/// <summary>A Realtime connection that sends any bytes as any frame (broken JSON, invalid UTF-8, binary) and reads events one by one.</summary>
internal sealed class RealtimeRawSocket : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly byte[] _buffer = new byte[64 * 1024];

    public WebSocketState State => _socket.State;

    public static async Task<RealtimeRawSocket> ConnectAsync(Uri server, string? key = null)
    {
        var raw = new RealtimeRawSocket();
        if (key is not null) raw._socket.Options.SetRequestHeader("Authorization", "Bearer " + key);
        await raw._socket.ConnectAsync(new UriBuilder(server) { Scheme = "ws", Path = "/v1/realtime", Query = "model=stories260k" }.Uri, CancellationToken.None);
        return raw;
    }

    public Task SendAsync(string json) => SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text);

    public async Task SendAsync(byte[] bytes, WebSocketMessageType type)
    {
        // Sent in 1 MiB frames, as a browser would split a large message.
        const int Frame = 1024 * 1024;
        for (var at = 0; at < bytes.Length || at == 0; at += Frame)
        {
            var count = Math.Min(Frame, bytes.Length - at);
            await _socket.SendAsync(bytes.AsMemory(at, count), type, at + count >= bytes.Length, CancellationToken.None);
            if (bytes.Length == 0) break;
        }
    }

    /// <summary>The next server event; throws when the socket closes or nothing comes within the timeout.</summary>
    public async Task<JsonElement> ReceiveAsync(int timeoutSeconds = 30)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(_buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
                throw new InvalidOperationException($"The server closed the session: {result.CloseStatus} {result.CloseStatusDescription}");
            message.Write(_buffer, 0, result.Count);
            if (result.EndOfMessage) return JsonSerializer.Deserialize<JsonElement>(message.ToArray());
        }
    }

    /// <summary>Every event up to and including the first of <paramref name="type"/>.</summary>
    public async Task<List<JsonElement>> ReceiveUntilAsync(string type, int timeoutSeconds = 30)
    {
        var events = new List<JsonElement>();
        while (true)
        {
            var evt = await ReceiveAsync(timeoutSeconds);
            events.Add(evt);
            if (evt.GetProperty("type").GetString() == type) return events;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", new CancellationTokenSource(TimeSpan.FromSeconds(2)).Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
        _socket.Dispose();
    }
}
