using LLama;
using LLama.Common;
using LLama.Native;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Omnia.Engines.Llama.Inference;
using Omnia.Engines.Llama.Prompting;

namespace Omnia.Engines.Llama;

/// <summary>
/// A loaded GGUF chat model with its decode loop. Hand out chat clients with <see cref="CreateChatClient"/>; they
/// share the loop, so concurrent requests are decoded together (continuous batching).
/// </summary>
public sealed class LlamaModel : IDisposable
{
    private readonly LLamaWeights _weights;
    private readonly InferenceLoop _loop;

    private LlamaModel(LLamaWeights weights, InferenceLoop loop, ChatPromptRenderer renderer, int contextSize, int parallel)
    {
        _weights = weights;
        _loop = loop;
        Renderer = renderer;
        ContextSize = contextSize;
        Parallel = parallel;
    }

    /// <summary>Tokens one request may use, prompt and completion together.</summary>
    public int ContextSize { get; }

    /// <summary>Requests decoded together.</summary>
    public int Parallel { get; }

    /// <summary>Whether the chat template was written for tools.</summary>
    public bool SupportsTools => Renderer.SupportsTools;

    public LlamaEngineCounters Counters => _loop.Counters;

    internal ChatPromptRenderer Renderer { get; }

    /// <summary>Loads the weights and starts the decode loop. Throws when the file is not a loadable GGUF.</summary>
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
        var weights = LLamaWeights.LoadFromFile(parameters);
        try
        {
            var trained = weights.ContextSize;
            var contextSize = trained > 0 ? Math.Min(options.ContextSize, trained) : options.ContextSize;
            var contextParams = new ModelParams(options.ModelPath)
            {
                ContextSize = (uint)(contextSize * options.Parallel),
                SeqMax = (uint)options.Parallel,
                KVUnified = false,
                BatchSize = (uint)options.BatchSize,
                UBatchSize = (uint)options.BatchSize,
                Threads = threads,
                BatchThreads = threads,
            };
            var renderer = new ChatPromptRenderer(weights, options.ChatTemplate);
            var loop = new InferenceLoop(weights, contextParams, options.Parallel, contextSize, options.MaxQueuedRequests, logger);
            logger.LogInformation(
                "Loaded {Model}: {Parameters:N0} parameters, context {Context} tokens a request, {Parallel} in parallel, template {Template}",
                Path.GetFileName(options.ModelPath), weights.ParameterCount, contextSize, options.Parallel,
                renderer.TemplateText is null ? "ChatML (none in the file)" : "from the file");
            LlamaMetrics.Register(loop.Counters, Path.GetFileNameWithoutExtension(options.ModelPath));
            return new LlamaModel(weights, loop, renderer, contextSize, options.Parallel);
        }
        catch
        {
            weights.Dispose();
            throw;
        }
    }

    /// <summary>A chat client answering as <paramref name="modelId"/>.</summary>
    public IChatClient CreateChatClient(string modelId) => new LlamaChatClient(this, modelId);

    internal void Enqueue(GenerationRequest request) => _loop.Enqueue(request);

    public void Dispose()
    {
        LlamaMetrics.Unregister(_loop.Counters);
        _loop.Dispose();
        _weights.Dispose();
    }
}
