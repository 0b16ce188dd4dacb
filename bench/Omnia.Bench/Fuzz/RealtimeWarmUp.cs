using System.Net.WebSockets;
using System.Text;

namespace Omnia.Bench.Fuzz;

/// <summary>One valid realtime session with a short text answer, so the realtime path's first-use costs are in the RSS baseline.</summary>
internal static class RealtimeWarmUp
{
    private static readonly string[] Events =
    [
        """{"type":"session.update","session":{"max_output_tokens":4,"output_modalities":["text"]}}""",
        """{"type":"conversation.item.create","item":{"type":"message","role":"user","content":[{"type":"input_text","text":"Once upon a time"}]}}""",
        """{"type":"response.create"}""",
    ];

    /// <summary>Returns what happened, for the log: "response.done", or why not.</summary>
    public static async Task<string> RunAsync(ServerUnderTest server, CancellationToken cancellationToken)
    {
        var url = new Uri(new UriBuilder(server.BaseAddress) { Scheme = server.BaseAddress.Scheme == "https" ? "wss" : "ws" }.Uri, "v1/realtime");
        using var socket = new ClientWebSocket();
        if (server.ApiKey is { } key) socket.Options.SetRequestHeader("Authorization", "Bearer " + key);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await socket.ConnectAsync(url, timeout.Token);
            foreach (var message in Events)
                await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, timeout.Token);
            var buffer = new byte[1 << 16];
            var text = new StringBuilder();
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, timeout.Token);
                if (received.MessageType == WebSocketMessageType.Close) return "closed by the server";
                text.Append(Encoding.UTF8.GetString(buffer, 0, received.Count));
                if (!received.EndOfMessage) continue;
                var message = text.ToString();
                text.Clear();
                if (message.Contains("\"type\":\"response.done\"", StringComparison.Ordinal)) break;
            }
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            return "response.done";
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return "failed: " + e.Message;
        }
    }
}
