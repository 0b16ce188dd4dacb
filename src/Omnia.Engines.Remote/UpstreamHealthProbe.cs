using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace Omnia.Engines.Remote;

/// <summary>
/// Active health checks: every interval, each upstream's <c>GET /models</c> must answer 2xx within five seconds,
/// or the upstream is passed over until it does.
/// </summary>
internal sealed class UpstreamHealthProbe : IDisposable
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    private readonly IReadOnlyList<Upstream> _upstreams;
    private readonly HttpClient _http;
    private readonly TimeSpan _cooldown;
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private int _running;

    public UpstreamHealthProbe(IReadOnlyList<Upstream> upstreams, HttpClient http, TimeSpan interval, TimeSpan cooldown, TimeProvider time, ILogger logger)
    {
        _upstreams = upstreams;
        _http = http;
        _cooldown = cooldown;
        _logger = logger;
        _timer = time.CreateTimer(_ => _ = ProbeAllAsync(), null, interval, interval);
    }

    public async Task ProbeAllAsync()
    {
        if (Interlocked.Exchange(ref _running, 1) == 1) return;
        try
        {
            await Task.WhenAll(_upstreams.Select(ProbeAsync));
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    private async Task ProbeAsync(Upstream upstream)
    {
        using var timeout = new CancellationTokenSource(ProbeTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(upstream.Options.BaseUrl.ToString().TrimEnd('/') + "/models"));
        if (upstream.Options.ApiKey is { } key) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        try
        {
            using var response = await _http.SendAsync(request, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                upstream.MarkProbeHealthy();
                return;
            }
            _logger.LogWarning("Health check of upstream {Upstream} answered {Status}", upstream.Name, (int)response.StatusCode);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            _logger.LogWarning("Health check of upstream {Upstream} failed: {Reason}", upstream.Name, e.Message);
        }
        upstream.MarkProbeFailed(_cooldown);
    }

    public void Dispose() => _timer.Dispose();
}
