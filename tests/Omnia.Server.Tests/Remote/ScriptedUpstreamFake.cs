using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Omnia.Server.Tests.Remote;

/// <summary>
/// A fake OpenAI upstream (real HTTP on loopback) that answers every chat completion with a scripted "ok", reports a
/// fixed usage with <see cref="CachedTokens"/> of its prompt as cached, and injects faults and timing on demand: it
/// can be down (503), cut a stream after its first token, or hold requests until released. It records each request's messages, to tell which upstream
/// served which conversation.
/// </summary>
public sealed class ScriptedUpstreamFake : IAsyncDisposable
{
    public const int PromptTokens = 30;
    public const int CachedTokens = 24;

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<IReadOnlyList<string>> _requests = new();
    private volatile TaskCompletionSource? _hold;

    private ScriptedUpstreamFake(WebApplication app) => _app = app;

    /// <summary>The API base to configure, ending in <c>/v1</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>While true, every request is answered 503.</summary>
    public bool Down { get; set; }

    /// <summary>While true, a streamed answer stops after its first token, and its connection is cut at <see cref="Cut"/>.</summary>
    public bool CutsAfterFirstToken { get; set; }

    private readonly TaskCompletionSource _cut = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Cuts the streams stopped after their first token (once the client has read it, so TCP cannot discard it unread).</summary>
    public void Cut() => _cut.TrySetResult();

    /// <summary>Each request received, as its messages' <c>role: content</c>, in order of arrival.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Requests => [.. _requests];

    /// <summary>Requests whose first user message is <paramref name="opening"/>: one conversation's turns served here.</summary>
    public int TurnsOf(string opening) => Requests.Count(r => r.FirstOrDefault(m => m.StartsWith("user: ", StringComparison.Ordinal)) == "user: " + opening);

    /// <summary>Requests received from now on wait for <see cref="Release"/> before they are answered.</summary>
    public void Hold() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => Interlocked.Exchange(ref _hold, null)?.TrySetResult();

    public static async Task<ScriptedUpstreamFake> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrlsLoopback();
        var app = builder.Build();
        var fake = new ScriptedUpstreamFake(app);
        app.MapPost("/v1/chat/completions", fake.AnswerAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = new Uri(address + "/v1");
        return fake;
    }

    private async Task AnswerAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        _requests.Enqueue([.. body.RootElement.GetProperty("messages").EnumerateArray().Select(Describe)]);
        if (Down)
        {
            context.Response.StatusCode = 503;
            await context.Response.WriteAsync("""{"error":{"message":"down","type":"server_error","param":null,"code":null}}""");
            return;
        }
        if (_hold is { } hold) await hold.Task;

        var usage = $$$"""{"prompt_tokens":{{{PromptTokens}}},"completion_tokens":1,"total_tokens":{{{PromptTokens + 1}}},"prompt_tokens_details":{"cached_tokens":{{{CachedTokens}}}}}""";
        if (body.RootElement.TryGetProperty("stream", out var stream) && stream.GetBoolean())
        {
            context.Response.ContentType = "text/event-stream";
            const string chunk = """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"ok"},"finish_reason":null}]}""";
            const string finish = """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""";
            if (CutsAfterFirstToken)
            {
                await context.Response.WriteAsync($"data: {chunk}\n\n");
                await context.Response.Body.FlushAsync();
                await _cut.Task;
                context.Abort();
                return;
            }
            var usageChunk = $$"""{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{{usage}}}""";
            await context.Response.WriteAsync($"data: {chunk}\n\ndata: {finish}\n\ndata: {usageChunk}\n\ndata: [DONE]\n\n");
            return;
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($$"""
            {"id":"c1","object":"chat.completion","created":1,"model":"m",
             "choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],
             "usage":{{usage}}}
            """);
    }

    private static string Describe(JsonElement message) =>
        $"{message.GetProperty("role").GetString()}: {(message.TryGetProperty("content", out var content) ? Text(content) : "")}";

    /// <summary>The SDK sends content as a string or as an array of text parts.</summary>
    private static string Text(JsonElement content) => content.ValueKind == JsonValueKind.Array
        ? string.Concat(content.EnumerateArray().Select(p => p.TryGetProperty("text", out var t) ? t.GetString() : ""))
        : content.GetString() ?? "";

    public async ValueTask DisposeAsync()
    {
        Release();
        Cut();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
