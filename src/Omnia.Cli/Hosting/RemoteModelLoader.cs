using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Omnia.Catalog;
using Omnia.Engines.Remote;
using Omnia.Models;

namespace Omnia.Cli.Hosting;

/// <summary>
/// Serves each configured upstream group as a public chat model through a <see cref="RemoteChatClient"/>, or with
/// <c>role=image</c> as an image model through a <see cref="RemoteImageGenerator"/>.
/// </summary>
internal sealed class RemoteModelLoader(ServeSettings settings, ModelRegistry registry, ServedChatPipeline pipeline, ILogger<RemoteModelLoader> logger) : IHostedService, IDisposable
{
    private readonly List<IDisposable> _clients = [];
    private readonly HttpClient _probeHttp = new();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var group in settings.Upstreams.GroupBy(u => u.Name, StringComparer.Ordinal))
        {
            var image = group.Any(u => u.IsImage);
            var served = new ServedModel(group.Key, image ? ModelRole.Image : ModelRole.Chat);
            if (registry.Find(group.Key) is not null)
            {
                logger.LogError("Upstream model {Name} is not served: a local model already has that name.", group.Key);
                continue;
            }
            registry.Add(served);
            try
            {
                if (image)
                {
                    ServeImages(group.Key, group.ToList(), served);
                    continue;
                }
                var options = new RemoteModelOptions
                {
                    Upstreams = group.Select(ToOptions).ToList(),
                    Routing = UpstreamSetting.RoutingOf(group),
                };
                var client = new RemoteChatClient(group.Key, options, probeHttp: _probeHttp, logger: logger);
                _clients.Add(client);
                served.MarkReady(pipeline.Build(client, served.Id, served.InputModalities));
                logger.LogInformation("Model {Name} is served by {Upstreams}", group.Key, string.Join(", ", group.Select(u => u.BaseUrl)));
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                served.MarkFailed(e.Message);
                logger.LogError("Upstream model {Name} is misconfigured: {Reason}", group.Key, e.Message);
            }
        }
        return Task.CompletedTask;
    }

    private void ServeImages(string name, IReadOnlyList<UpstreamSetting> upstreams, ServedModel served)
    {
        UpstreamSetting.CheckImageModel(upstreams);
        var generator = new RemoteImageGenerator(name, new RemoteModelOptions { Upstreams = upstreams.Select(ToOptions).ToList() },
            probeHttp: _probeHttp, logger: logger);
        _clients.Add(generator);
        served.MarkReady(generator);
        logger.LogInformation("Image model {Name} is served by {Upstreams}", name, string.Join(", ", upstreams.Select(u => u.BaseUrl)));
    }

    private static UpstreamOptions ToOptions(UpstreamSetting upstream) => new()
    {
        BaseUrl = new Uri(upstream.BaseUrl),
        Model = upstream.Model ?? upstream.Name,
        ApiKey = upstream.ApiKey,
        Timeout = TimeSpan.FromSeconds(upstream.TimeoutSeconds),
    };

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        foreach (var client in _clients) client.Dispose();
        _probeHttp.Dispose();
    }
}
