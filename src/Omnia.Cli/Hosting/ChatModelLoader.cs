using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Omnia.Catalog;
using Omnia.Engines.Llama;
using Omnia.Models;

namespace Omnia.Cli.Hosting;

/// <summary>
/// Resolves the configured chat model and loads it in the background, so the server answers (and says what is
/// happening) from the first second. A model that cannot be found or loaded is reported, not fatal.
/// </summary>
internal sealed class ChatModelLoader(ServeSettings settings, ModelStore store, ModelRegistry registry, ServedChatPipeline pipeline, ILogger<ChatModelLoader> logger)
    : IHostedService, IAsyncDisposable
{
    private LlamaModel? _model;
    private Task _loading = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        ResolvedModel? resolved;
        try
        {
            resolved = settings.ChatModel is { } spec ? store.Resolve(spec, ModelRole.Chat) : store.FindDefaultChatModel();
        }
        catch (Exception e) when (e is ModelNotFoundException or ModelIntegrityException)
        {
            var failed = new ServedModel(SafeId(settings.ChatModel!), ModelRole.Chat);
            failed.MarkFailed(e.Message);
            registry.Add(failed);
            logger.LogError("Chat model unavailable: {Reason}", e.Message);
            return Task.CompletedTask;
        }

        if (resolved is null)
        {
            logger.LogWarning("No chat model: put a .gguf file into {Directory} or pass --chat-model PATH|NAME.", store.Directory);
            return Task.CompletedTask;
        }

        var served = new ServedModel(resolved.Name, ModelRole.Chat) { Origin = resolved.Origin };
        registry.Add(served);
        logger.LogInformation("Loading chat model {Name} from {Path}", resolved.Name, resolved.Path);
        _loading = Task.Run(() => Load(resolved, served), CancellationToken.None);
        return Task.CompletedTask;
    }

    private void Load(ResolvedModel resolved, ServedModel served)
    {
        try
        {
            var projector = ProjectorFor(resolved);
            _model = LlamaModel.Load(new LlamaEngineOptions
            {
                ModelPath = resolved.Path,
                ProjectorPath = projector,
                ContextSize = settings.ContextSize,
                Parallel = settings.Parallel,
                PromptCache = settings.PromptCache,
                CacheReuse = settings.CacheReuse,
                PrefillSlowdownLimit = settings.PrefillSlowdownLimit,
                Threads = settings.Threads,
                LoadMode = settings.LoadMode,
                ChatTemplate = settings.ChatTemplate,
            }, logger);
            served.MarkReady(pipeline.Build(_model.CreateChatClient(served.Id), served.Id, _model.InputModalities), _model.InputModalities);
            logger.LogInformation("Chat model {Name} is ready; it takes {Inputs}", served.Id, string.Join(", ", _model.InputModalities));
        }
        catch (Exception e)
        {
            served.MarkFailed($"{Path.GetFileName(resolved.Path)} could not be loaded: {e.Message}");
            logger.LogError("Chat model {Name} failed to load: {Reason}", served.Id, e.Message);
        }
    }

    /// <summary>
    /// The projector to load: <c>--mmproj</c> when given (a missing one fails the load), else the one the model's store
    /// pairs with it (Ollama, LM Studio), else the catalog's pairing
    /// when it is installed (a missing one only costs the native media path: the cascade still serves media).
    /// </summary>
    private string? ProjectorFor(ResolvedModel resolved)
    {
        if (settings.Projector is { } spec)
            return store.Resolve(spec, ModelRole.Projector).Path;
        if (resolved.ProjectorPath is not null)
            return resolved.ProjectorPath;
        if (resolved.Entry?.Projector is not { } paired)
            return null;
        try
        {
            return store.Resolve(paired, ModelRole.Projector).Path;
        }
        catch (ModelNotFoundException e)
        {
            logger.LogWarning("Chat model {Name} is served without its projector, so media go through the cascade: {Reason}", resolved.Name, e.Message);
            return null;
        }
    }

    /// <summary>A failed name is still listed, so it must be safe to show as an id.</summary>
    private static string SafeId(string spec) => ModelName.IsSafe(spec) ? spec : Path.GetFileNameWithoutExtension(spec);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _loading;
        _model?.Dispose();
    }
}
