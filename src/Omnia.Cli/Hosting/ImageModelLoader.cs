using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Omnia.Catalog;
using Omnia.Engines.Onnx.Diffusion;
using Omnia.Models;

namespace Omnia.Cli.Hosting;

/// <summary>
/// Loads the configured image model (<c>--image-model</c>) in the background and serves it with the <c>image</c> role:
/// an export directory as Optimum lays it out, or a catalog name whose companions are named
/// <c>NAME-text-encoder</c>, <c>NAME-vae-decoder</c>, <c>NAME-vocab</c>, <c>NAME-merges</c> (and <c>NAME-special-tokens</c>, and
/// <c>NAME-vae-encoder</c> for edits).
/// A model that cannot be found or loaded is reported in <c>/v1/models</c>, not fatal.
/// </summary>
internal sealed class ImageModelLoader(ServeSettings settings, ModelStore store, ModelRegistry registry, ILogger<ImageModelLoader> logger)
    : IHostedService, IAsyncDisposable
{
    private OnnxDiffusionImageGenerator? _generator;
    private Task _loading = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (settings.ImageModel is not { } spec) return Task.CompletedTask;
        var id = Directory.Exists(spec) ? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(spec))) : spec;
        var served = new ServedModel(registry.Find(id) is null ? id : id + "-image", ModelRole.Image);
        registry.Add(served);
        logger.LogInformation("Loading image model {Name}", served.Id);
        _loading = Task.Run(() => Load(spec, served), CancellationToken.None);
        return Task.CompletedTask;
    }

    private void Load(string spec, ServedModel served)
    {
        try
        {
            var files = Files(spec);
            if (files.Missing() is { } missing) throw new ModelNotFoundException($"The image model '{spec}' has no {missing}.");
            _generator = new OnnxDiffusionImageGenerator(files, new OnnxDiffusionOptions { ModelId = served.Id, Threads = settings.Threads ?? Environment.ProcessorCount });
            served.MarkReady(_generator);
            logger.LogInformation("Image model {Name} is ready", served.Id);
        }
        catch (Exception e)
        {
            served.MarkFailed(e.Message);
            logger.LogError("Image model {Name} failed to load: {Reason}", served.Id, e.Message);
        }
    }

    private DiffusionModelFiles Files(string spec)
    {
        if (Directory.Exists(spec)) return DiffusionModelFiles.FromExportDirectory(spec);
        var unet = store.Resolve(spec, ModelRole.Image);
        string Companion(string suffix) => store.Resolve($"{unet.Name}-{suffix}", ModelRole.Config).Path;
        string? Optional(string suffix) => store.Catalog.Find($"{unet.Name}-{suffix}") is null ? null : Companion(suffix);
        return new DiffusionModelFiles(Companion("text-encoder"), unet.Path, Companion("vae-decoder"), Companion("vocab"), Companion("merges"))
        {
            SpecialTokens = Optional("special-tokens"),
            VaeEncoder = Optional("vae-encoder"),
        };
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _loading;
        _generator?.Dispose();
    }
}
