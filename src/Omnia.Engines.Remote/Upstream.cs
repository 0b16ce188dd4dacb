using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Images;
using Polly;
using Polly.CircuitBreaker;

namespace Omnia.Engines.Remote;

/// <summary>One upstream with its OpenAI SDK clients (chat, images), its circuit breaker, requests in flight, and health.</summary>
internal sealed class Upstream
{
    private readonly TimeProvider _time;
    private readonly CircuitBreakerStateProvider _circuit = new();
    private int _inFlight;
    private long _openUntilTicks;
    private long _probeFailedUntilTicks;
    private readonly Lazy<IChatClient> _chat;
    private readonly Lazy<ImageClient> _images;
    private readonly Lazy<IImageGenerator> _imageGenerator;

    public Upstream(UpstreamOptions options, UpstreamFailoverOptions failover, TimeProvider time)
    {
        _time = time;
        Options = options;
        // The SDK's own retries are off: retrying is the failover's job, across upstreams.
        var sdk = new OpenAIClient(
            new ApiKeyCredential(options.ApiKey ?? "none"),
            new OpenAIClientOptions { Endpoint = options.BaseUrl, NetworkTimeout = options.Timeout, RetryPolicy = new ClientRetryPolicy(maxRetries: 0) });
        // An upstream serves one role: only the client for it is ever built.
        _chat = new Lazy<IChatClient>(() => sdk.GetChatClient(options.Model).AsIChatClient());
        _images = new Lazy<ImageClient>(() => sdk.GetImageClient(options.Model));
        _imageGenerator = new Lazy<IImageGenerator>(() => Images.AsIImageGenerator());
        Breaker = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddUpstreamBreaker(failover, _circuit, brk => Interlocked.Exchange(ref _openUntilTicks, (time.GetUtcNow() + brk).UtcTicks))
            .Build();
    }

    public UpstreamOptions Options { get; }

    public IChatClient Client => _chat.Value;

    /// <summary>The images endpoint, for edits, which the Microsoft.Extensions.AI adapter would send without their mask.</summary>
    public ImageClient Images => _images.Value;

    /// <summary>The images endpoint as Microsoft.Extensions.AI adapts it, for generations.</summary>
    public IImageGenerator ImageGenerator => _imageGenerator.Value;

    /// <summary>Every attempt on this upstream runs through it; it fails fast while the circuit is open.</summary>
    public ResiliencePipeline Breaker { get; }

    public string Name => Options.DisplayName;
    public int InFlight => Volatile.Read(ref _inFlight);
    public CircuitState Circuit => _circuit.CircuitState;

    /// <summary>
    /// When the upstream takes requests again: when its circuit's break ends (never while a trial request after a
    /// break is out) and its failed health check's pass-over ends.
    /// </summary>
    public DateTimeOffset AvailableFrom
    {
        get
        {
            var circuit = Circuit switch
            {
                CircuitState.Closed => DateTimeOffset.MinValue,
                CircuitState.Open => new DateTimeOffset(Interlocked.Read(ref _openUntilTicks), TimeSpan.Zero),
                _ => DateTimeOffset.MaxValue,
            };
            var probe = new DateTimeOffset(Interlocked.Read(ref _probeFailedUntilTicks), TimeSpan.Zero);
            return circuit > probe ? circuit : probe;
        }
    }

    public bool IsHealthy => _time.GetUtcNow() >= AvailableFrom;

    public void Enter() => Interlocked.Increment(ref _inFlight);
    public void Exit() => Interlocked.Decrement(ref _inFlight);

    /// <summary>Active health: a failed health check passes the upstream over for <paramref name="passOver"/>.</summary>
    public void MarkProbeFailed(TimeSpan passOver) => Interlocked.Exchange(ref _probeFailedUntilTicks, (_time.GetUtcNow() + passOver).UtcTicks);
    public void MarkProbeHealthy() => Interlocked.Exchange(ref _probeFailedUntilTicks, 0);
}
