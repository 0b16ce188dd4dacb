using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Omnia.Engines.Remote;

/// <summary>
/// An <see cref="IChatClient"/> for a public model served by OpenAI-compatible upstreams (vLLM, SGLang, llama.cpp's
/// server, Ollama, OpenAI, another Omnia). A conversation goes back to the upstream that served its earlier turns,
/// whose prompt cache holds its prefix, unless that upstream is down or saturated; other requests go to the healthy
/// upstream with the fewest requests in flight (<see cref="UpstreamBalancer"/>). Connection failures, timeouts, 429
/// and 502–504 move a request to the next upstream, but only until its first token has been received — after that a
/// failure is reported, never silently replayed (<see cref="UpstreamFailover"/>, on Polly). An upstream that keeps
/// failing is passed over until its circuit breaker's break ends (passive health), and each is probed periodically
/// (active health). The upstream's usage, cached prompt tokens included, is passed through.
/// </summary>
public sealed class RemoteChatClient : IChatClient
{
    private readonly IReadOnlyList<Upstream> _upstreams;
    private readonly UpstreamHealthProbe? _probe;
    private readonly ChatClientMetadata _metadata;
    private readonly UpstreamBalancer _balancer;
    private readonly UpstreamFailover _failover;

    public RemoteChatClient(string modelId, RemoteModelOptions options, TimeProvider? time = null, HttpClient? probeHttp = null, ILogger? logger = null)
    {
        options.Validate();
        time ??= TimeProvider.System;
        logger ??= NullLogger.Instance;
        _upstreams = options.Upstreams.Select(u => new Upstream(u, options.Failover, time)).ToList();
        _metadata = new ChatClientMetadata("omnia-remote", options.Upstreams[0].BaseUrl, modelId);
        _balancer = new UpstreamBalancer(_upstreams, options, modelId, logger);
        _failover = new UpstreamFailover(_balancer, _upstreams.Count, options.Failover, time, logger);
        if (options.HealthCheckInterval > TimeSpan.Zero && probeHttp is not null)
            _probe = new UpstreamHealthProbe(_upstreams, probeHttp, options.HealthCheckInterval, options.Failover.BreakDuration, time, logger);
    }

    /// <summary>Requests in flight per upstream name, for diagnostics and tests.</summary>
    public IReadOnlyDictionary<string, int> InFlight => _upstreams.ToDictionary(u => u.Name, u => u.InFlight);

    /// <summary>Conversation prefixes the affinity table remembers, for diagnostics and tests.</summary>
    public int AffinityEntries => _balancer.AffinityEntries;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var history = messages as IList<ChatMessage> ?? messages.ToList();
        var route = _balancer.Begin(history, options);
        var (response, upstream) = await _failover.ExecuteAsync(route, async (upstream, token) =>
        {
            upstream.Enter();
            try
            {
                return await upstream.Client.GetResponseAsync(history, ForUpstream(options, upstream), token);
            }
            finally
            {
                upstream.Exit();
            }
        }, cancellationToken);
        _balancer.Served(route, upstream);
        return response;
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var history = messages as IList<ChatMessage> ?? messages.ToList();
        var route = _balancer.Begin(history, options);
        var ((updates, more), upstream) = await _failover.ExecuteAsync(
            route, (upstream, token) => StartAsync(upstream, history, options, token), cancellationToken);
        _balancer.Served(route, upstream);
        try
        {
            for (; more; more = await NextAsync(updates, upstream, cancellationToken))
                yield return updates.Current;
        }
        finally
        {
            upstream.Exit();
            await updates.DisposeAsync();
        }
    }

    /// <summary>
    /// Opens the upstream's stream and waits for its first update, the point after which nothing is retried. On
    /// success the upstream stays entered until the stream ends.
    /// </summary>
    private static async ValueTask<(IAsyncEnumerator<ChatResponseUpdate> Updates, bool More)> StartAsync(
        Upstream upstream, IList<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        upstream.Enter();
        IAsyncEnumerator<ChatResponseUpdate>? updates = null;
        try
        {
            updates = upstream.Client.GetStreamingResponseAsync(messages, ForUpstream(options, upstream), cancellationToken).GetAsyncEnumerator(cancellationToken);
            return (updates, await updates.MoveNextAsync());
        }
        catch
        {
            upstream.Exit();
            if (updates is not null) await updates.DisposeAsync();
            throw;
        }
    }

    private static async ValueTask<bool> NextAsync(IAsyncEnumerator<ChatResponseUpdate> updates, Upstream upstream, CancellationToken cancellationToken)
    {
        try
        {
            return await updates.MoveNextAsync();
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            throw UpstreamFailures.Translate(upstream, e);
        }
    }

    /// <summary>The public model name means nothing upstream: ask for the upstream's own model.</summary>
    private static ChatOptions ForUpstream(ChatOptions? options, Upstream upstream)
    {
        var copy = options?.Clone() ?? new ChatOptions();
        copy.ModelId = upstream.Options.Model;
        // Omnia's conversation ids route and cache here; upstream they would name a conversation it does not have.
        copy.ConversationId = null;
        return copy;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? _metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose() => _probe?.Dispose();
}
