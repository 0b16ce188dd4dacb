using LLama;
using LLama.Common;
using LLama.Native;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Omnia.Engines.Llama.Inference;
using Omnia.Engines.Llama.Multimodal;
using Omnia.Chat;
using Omnia.Engines.Llama.Prompting;

namespace Omnia.Engines.Llama;

/// <summary>
/// A loaded GGUF chat model with its decode loop. Hand out chat clients with <see cref="CreateChatClient"/>; they
/// share the loop, so concurrent requests are decoded together (continuous batching).
/// </summary>
public sealed class LlamaModel : IConversationCache, IDisposable
{
    private readonly LLamaWeights _weights;
    private readonly MtmdWeights? _clip;
    private readonly InferenceLoop _loop;

    private LlamaModel(LLamaWeights weights, MtmdWeights? clip, InferenceLoop loop, ChatPromptRenderer renderer, PromptLengthBound promptBound, int contextSize, int parallel)
    {
        _weights = weights;
        _clip = clip;
        _loop = loop;
        SupportsVision = clip?.SupportsVision == true;
        SupportsAudio = clip?.SupportsAudio == true;
        AudioSampleRate = SupportsAudio ? clip!.SampleRate : null;
        Renderer = renderer;
        PromptBound = promptBound;
        ContextSize = contextSize;
        Parallel = parallel;
    }

    /// <summary>Tokens one request may use, prompt and completion together.</summary>
    public int ContextSize { get; }

    /// <summary>Requests decoded together.</summary>
    public int Parallel { get; }

    /// <summary>Whether the chat template was written for tools.</summary>
    public bool SupportsTools => Renderer.SupportsTools;

    /// <summary>Whether the projector has a vision encoder, so images go into the network itself.</summary>
    public bool SupportsVision { get; }

    /// <summary>Whether the projector has an audio encoder, so sound goes into the network itself.</summary>
    public bool SupportsAudio { get; }

    /// <summary>The sample rate the audio encoder takes (audio is resampled to it); null without one.</summary>
    public int? AudioSampleRate { get; }

    /// <summary>What the model takes natively, in OpenAI's words: <c>text</c>, then <c>image</c> and <c>audio</c> when it has those encoders.</summary>
    public IReadOnlyList<string> InputModalities =>
        [.. new[] { "text", SupportsVision ? "image" : null, SupportsAudio ? "audio" : null }.OfType<string>()];

    public LlamaEngineCounters Counters => _loop.Counters;

    internal ChatPromptRenderer Renderer { get; }

    internal PromptLengthBound PromptBound { get; }

    /// <summary>The loaded weights, for tests that need the native vocabulary (whether llama.cpp accepts a grammar).</summary>
    internal LLamaWeights Weights => _weights;

    /// <summary>
    /// Loads the weights (and the projector, when given) and starts the decode loop. Throws when a file is not a
    /// loadable GGUF, or the projector would abort libmtmd or belongs to a model of another width.
    /// </summary>
    public static LlamaModel Load(LlamaEngineOptions options, ILogger? logger = null)
    {
        options.Validate();
        logger ??= NullLogger.Instance;
        LlamaNativeLog.RouteTo(logger);
        if (!File.Exists(options.ModelPath))
            throw new FileNotFoundException($"Model file '{options.ModelPath}' does not exist.", options.ModelPath);

        var threads = options.Threads ?? Environment.ProcessorCount;
        var parameters = new ModelParams(options.ModelPath)
        {
            LoadMode = options.LoadMode == ModelLoadMode.Mmap ? LLamaLoadMode.MemoryMap : LLamaLoadMode.None,
            GpuLayerCount = 0,
        };
        if (options.ProjectorPath is { } projector && !File.Exists(projector))
            throw new FileNotFoundException($"Projector file '{projector}' does not exist.", projector);
        var weights = LLamaWeights.LoadFromFile(parameters);
        MtmdWeights? clip = null;
        try
        {
            if (options.ProjectorPath is { } projectorPath)
                clip = LoadProjector(projectorPath, weights, threads, logger);
            var trained = weights.ContextSize;
            var contextSize = trained > 0 ? Math.Min(options.ContextSize, trained) : options.ContextSize;
            // The prompt cache's spare stream lets two slots' caches swap places without losing either.
            var streams = options.Parallel + (options.PromptCache ? 1 : 0);
            var contextParams = new ModelParams(options.ModelPath)
            {
                ContextSize = (uint)(contextSize * streams),
                SeqMax = (uint)streams,
                KVUnified = false,
                BatchSize = (uint)options.BatchSize,
                UBatchSize = (uint)options.BatchSize,
                Threads = threads,
                BatchThreads = threads,
            };
            var answers = options.PromptCache ? new GeneratedAnswers((long)contextSize * streams) : null;
            var renderer = new ChatPromptRenderer(weights, options.ChatTemplate, MediaSupport.Of(clip), answers);
            var loop = new InferenceLoop(weights, clip, contextParams, options.Parallel, contextSize, options.MaxQueuedRequests, answers,
                options.CacheReuse, options.PrefillSlowdownLimit, options.Time, logger);
            logger.LogInformation(
                "Loaded {Model}: {Parameters:N0} parameters, context {Context} tokens a request, {Parallel} in parallel, prompt cache {Cache}, template {Template}",
                Path.GetFileName(options.ModelPath), weights.ParameterCount, contextSize, options.Parallel, options.PromptCache ? "on" : "off",
                renderer.TemplateText is null ? "ChatML (none in the file)" : "from the file");
            LlamaMetrics.Register(loop.Counters, Path.GetFileNameWithoutExtension(options.ModelPath));
            return new LlamaModel(weights, clip, loop, renderer, PromptLengthBound.For(weights, contextSize), contextSize, options.Parallel);
        }
        catch
        {
            clip?.Dispose();
            weights.Dispose();
            throw;
        }
    }

    private static MtmdWeights LoadProjector(string path, LLamaWeights weights, int threads, ILogger logger)
    {
        ProjectorPreflight.Check(path, weights.EmbeddingSize);
        var parameters = MtmdContextParams.Default();
        parameters.UseGpu = false;
        parameters.PrintTimings = false;
        parameters.NThreads = threads;
        MtmdWeights clip;
        try
        {
            clip = MtmdWeights.LoadFromFile(path, weights, parameters);
        }
        catch (LLama.Exceptions.LoadWeightsFailedException e)
        {
            // libmtmd reports why on stderr only; its own log does not reach the logger.
            throw new InvalidDataException($"libmtmd could not load the projector '{Path.GetFileName(path)}' for this model (its reason is on stderr).", e);
        }
        logger.LogInformation("Loaded projector {Projector}: vision {Vision}, audio {Audio}",
            Path.GetFileName(path), clip.SupportsVision, clip.SupportsAudio ? $"at {clip.SampleRate} Hz" : "no");
        return clip;
    }

    /// <summary>A chat client answering as <paramref name="modelId"/>.</summary>
    public IChatClient CreateChatClient(string modelId) => new LlamaChatClient(this, modelId);

    internal void Enqueue(GenerationRequest request) => _loop.Enqueue(request);

    public void EndConversation(string conversationId) => _loop.EndConversation(conversationId);

    public void Dispose()
    {
        LlamaMetrics.Unregister(_loop.Counters);
        _loop.Dispose();
        _clip?.Dispose();
        _weights.Dispose();
    }
}
