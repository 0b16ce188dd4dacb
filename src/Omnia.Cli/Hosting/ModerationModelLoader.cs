using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Omnia.Catalog;
using Omnia.Engines.Llama;
using Omnia.Models;

namespace Omnia.Cli.Hosting;

/// <summary>
/// Loads the configured guard model (<c>Omnia:Moderation:Model</c>) into its own chat engine in the background and
/// serves it with the <c>moderation</c> role. A guard that cannot be found or loaded is reported, not fatal.
/// </summary>
internal sealed class ModerationModelLoader(ServeSettings settings, ModelStore store, ModelRegistry registry, ILogger<ModerationModelLoader> logger)
    : IHostedService, IAsyncDisposable
{
    /// <summary>Llama Guard's prompt is one user turn of Llama 3's chat format, whatever template the GGUF carries.</summary>
    private const string GuardTemplate = "llama3";

    private LlamaModel? _model;
    private Task _loading = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (settings.Moderation.Model is not { } spec)
            return Task.CompletedTask;

        ResolvedModel resolved;
        try
        {
            resolved = store.Resolve(spec, ModelRole.Moderation);
        }
        catch (Exception e) when (e is ModelNotFoundException or ModelIntegrityException)
        {
            var failed = new ServedModel(IdFor(ModelName.IsSafe(spec) ? spec : Path.GetFileNameWithoutExtension(spec)), ModelRole.Moderation);
            failed.MarkFailed(e.Message);
            registry.Add(failed);
            logger.LogError("Moderation model unavailable: {Reason}", e.Message);
            return Task.CompletedTask;
        }

        var served = new ServedModel(IdFor(resolved.Name), ModelRole.Moderation) { Origin = resolved.Origin };
        registry.Add(served);
        logger.LogInformation("Loading moderation model {Name} from {Path}", served.Id, resolved.Path);
        _loading = Task.Run(() => Load(resolved, served), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>The guard's public id: its name, unless the same file is also served as the chat model under that name.</summary>
    private string IdFor(string name) => registry.Find(name) is null ? name : name + "-moderation";

    private void Load(ResolvedModel resolved, ServedModel served)
    {
        try
        {
            _model = LlamaModel.Load(new LlamaEngineOptions
            {
                ModelPath = resolved.Path,
                ContextSize = settings.Moderation.ContextSize,
                Parallel = settings.Moderation.Parallel,
                Threads = settings.Threads,
                LoadMode = settings.LoadMode,
                ChatTemplate = GuardTemplate,
            }, logger);
            served.MarkReady(_model.CreateChatClient(served.Id));
            logger.LogInformation("Moderation model {Name} is ready", served.Id);
        }
        catch (Exception e)
        {
            served.MarkFailed($"{Path.GetFileName(resolved.Path)} could not be loaded: {e.Message}");
            logger.LogError("Moderation model {Name} failed to load: {Reason}", served.Id, e.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _loading;
        _model?.Dispose();
    }
}
