using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Omnia.Engines.Remote;

/// <summary>One upstream with its OpenAI SDK client, requests in flight, and health.</summary>
internal sealed class Upstream(UpstreamOptions options, TimeProvider time)
{
    private int _inFlight;
    private long _unhealthyUntilTicks;

    public UpstreamOptions Options { get; } = options;

    /// <summary>The SDK's own retries are off: retrying is the balancer's job, across upstreams.</summary>
    public IChatClient Client { get; } = new OpenAIClient(
            new ApiKeyCredential(options.ApiKey ?? "none"),
            new OpenAIClientOptions { Endpoint = options.BaseUrl, NetworkTimeout = options.Timeout, RetryPolicy = new ClientRetryPolicy(maxRetries: 0) })
        .GetChatClient(options.Model)
        .AsIChatClient();

    public string Name => Options.DisplayName;
    public int InFlight => Volatile.Read(ref _inFlight);
    public bool IsHealthy => time.GetUtcNow().UtcTicks >= Interlocked.Read(ref _unhealthyUntilTicks);

    public DateTimeOffset UnhealthyUntil => new(Interlocked.Read(ref _unhealthyUntilTicks), TimeSpan.Zero);

    public void Enter() => Interlocked.Increment(ref _inFlight);
    public void Exit() => Interlocked.Decrement(ref _inFlight);

    public void MarkFailed(TimeSpan cooldown) => Interlocked.Exchange(ref _unhealthyUntilTicks, (time.GetUtcNow() + cooldown).UtcTicks);
    public void MarkHealthy() => Interlocked.Exchange(ref _unhealthyUntilTicks, 0);
}
