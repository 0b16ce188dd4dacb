using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Omnia.Server.Observability;
using Omnia.Server.RateLimits;
using Omnia.Server.Realtime;

namespace Omnia.Server.Tests.Realtime;

/// <summary>
/// A recognition failure inside the commit path reaches the client as OpenAI's
/// <c>conversation.item.input_audio_transcription.failed</c> and an <c>error</c>, and the session goes on. The session
/// runs over a loopback WebSocket with a recognizer that fails (a fake, for the fault).
/// </summary>
public sealed class TranscriptionFailureTests
{
    [Fact]
    public async Task A_failed_transcription_is_reported_and_the_session_goes_on()
    {
        var (server, client) = await SocketPairAsync();
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = meters.GetRequiredService<IMeterFactory>();
        using var realtimeMetrics = new RealtimeMetrics(factory);
        using var serverMetrics = new ServerMetrics(factory);
        using var mcp = new Omnia.Server.OpenAI.Responses.Mcp.McpConnector(
            Microsoft.Extensions.Options.Options.Create(new Omnia.Server.OpenAI.Responses.Mcp.McpOptions()),
            Microsoft.Extensions.Options.Options.Create(new Omnia.Server.OpenAI.Media.MediaOptions()),
            NullLogger<Omnia.Server.OpenAI.Responses.Mcp.McpConnector>.Instance);
        var deps = new RealtimeDependencies(
            new EchoChatClientFake(), ["text"], false, null, new FailingRecognizerFake(), null, null, null, Media(), new OmniaServerOptions(),
            realtimeMetrics, serverMetrics, new RequestBudget("anonymous", null), mcp, TimeProvider.System, NullLogger.Instance);
        await using var session = new RealtimeSession(server, "m", beta: false, deps);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var running = session.RunAsync(stop.Token);

        var pcm = new byte[16000 * 2 * 24 / 100]; // 240 ms of silence at 24 kHz pcm16
        await SendAsync(client, new { type = "input_audio_buffer.append", audio = Convert.ToBase64String(pcm) });
        await SendAsync(client, new { type = "input_audio_buffer.commit" });
        var failed = await ReceiveAsync(client, "conversation.item.input_audio_transcription.failed", stop.Token);
        var error = await ReceiveAsync(client, "error", stop.Token);

        await SendAsync(client, new { type = "conversation.item.create", item = new { type = "message", role = "user", content = new[] { new { type = "input_text", text = "hello" } } } });
        var added = await ReceiveAsync(client, "conversation.item.added", stop.Token, e => e.GetProperty("item").GetProperty("content")[0].GetProperty("type").GetString() == "input_text");

        Assert.Equal("transcription_failed", failed.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("recognizer is down", error.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("hello", added.GetProperty("item").GetProperty("content")[0].GetProperty("text").GetString());
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        await running;
    }

    private static Omnia.Server.OpenAI.Media.ChatMediaPreparer Media()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new Omnia.Server.OpenAI.Media.MediaOptions());
        return new(new Omnia.Server.OpenAI.Media.MediaFetcher(options),
            new Omnia.Server.OpenAI.Media.ImageNormalizer(options, new Omnia.Server.OpenAI.Media.ImageDecodeBudget(1 << 20)),
            new Omnia.Audio.AudioCodec(), Microsoft.Extensions.Options.Options.Create(new OmniaServerOptions()));
    }

    private static async Task<(WebSocket Server, WebSocket Client)> SocketPairAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var connecting = new TcpClient();
        await connecting.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        var accepted = await listener.AcceptTcpClientAsync();
        return (WebSocket.CreateFromStream(accepted.GetStream(), new WebSocketCreationOptions { IsServer = true }),
                WebSocket.CreateFromStream(connecting.GetStream(), new WebSocketCreationOptions { IsServer = false }));
    }

    private static Task SendAsync(WebSocket socket, object message) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<JsonElement> ReceiveAsync(WebSocket socket, string type, CancellationToken cancellationToken, Func<JsonElement, bool>? where = null)
    {
        var buffer = new byte[1 << 20];
        while (true)
        {
            var text = new StringBuilder();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, cancellationToken);
                text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
            }
            while (!result.EndOfMessage);
            var evt = JsonDocument.Parse(text.ToString()).RootElement;
            if (evt.GetProperty("type").GetString() == type && (where is null || where(evt))) return evt;
        }
    }

    /// <summary>A recognizer whose engine is down: every call fails.</summary>
    private sealed class FailingRecognizerFake : ISpeechToTextClient
    {
        public Task<SpeechToTextResponse> GetTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("The recognizer is down.");

        public async IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(
            Stream audioSpeechStream, SpeechToTextOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            throw new InvalidOperationException("The recognizer is down.");
#pragma warning disable CS0162 // an iterator needs a yield to be one
            yield break;
#pragma warning restore CS0162
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    /// <summary>A chat client that is never asked anything here (manual commits create no response).</summary>
    private sealed class EchoChatClientFake : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")));

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, "ok");
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
