namespace Omnia.Engines.Llama;

/// <summary>How a GGUF chat model is loaded and served.</summary>
public sealed class LlamaEngineOptions
{
    /// <summary>Path of the <c>.gguf</c> file.</summary>
    public required string ModelPath { get; init; }

    /// <summary>Tokens one request may use, prompt and completion together. Capped at the model's trained context.</summary>
    public int ContextSize { get; init; } = 4096;

    /// <summary>Requests decoded together in one batch; more wait in the queue. Each gets <see cref="ContextSize"/> KV cells.</summary>
    public int Parallel { get; init; } = 8;

    /// <summary>Requests allowed to wait beyond <see cref="Parallel"/> before new ones are refused as overloaded.</summary>
    public int MaxQueuedRequests { get; init; } = 256;

    /// <summary>Largest number of tokens decoded in one step (prompt chunks and generated tokens together).</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>CPU threads for decoding; null uses every core.</summary>
    public int? Threads { get; init; }

    public ModelLoadMode LoadMode { get; init; } = ModelLoadMode.Read;

    /// <summary>
    /// Keeps what a finished request leaves in its KV sequence as a cache for the next prompt that starts the same
    /// way (llama.cpp's <c>cache_prompt</c>). Costs one spare KV stream for moving caches. False prefills every prompt
    /// whole, as before.
    /// </summary>
    public bool PromptCache { get; init; } = true;

    /// <summary>
    /// With the prompt cache: the shortest run of cached tokens that a prompt has again after a change earlier on (a
    /// conversation whose oldest turns were dropped to fit the context) and that is moved into place instead of being
    /// prefilled again (llama.cpp's <c>--cache-reuse</c>). The moved cells keep what they attended to before, as
    /// llama.cpp's context shift does. 0 prefills everything after the first difference.
    /// </summary>
    public int CacheReuse { get; init; } = 256;

    /// <summary>
    /// While other requests are generating, a long prompt is prefilled in pieces sized so that a step takes at most
    /// this many times a step of generated tokens alone (measured as the loop runs). 0 fills each batch with prompt.
    /// </summary>
    public double PrefillSlowdownLimit { get; init; } = 1.75;

    /// <summary>The clock the decode loop times its steps with (tests pass a fake).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// A multimodal projector (<c>mmproj</c> GGUF) for the model: its vision and/or audio encoder feeds images and
    /// sound straight into the network through libmtmd. Null serves text only.
    /// </summary>
    public string? ProjectorPath { get; init; }

    /// <summary>A chat template overriding the one in the GGUF (llama.cpp's built-in template names or text are accepted).</summary>
    public string? ChatTemplate { get; init; }

    internal void Validate()
    {
        if (ContextSize < 16) throw new ArgumentOutOfRangeException(nameof(ContextSize), ContextSize, "The context size must be at least 16 tokens.");
        // llama.cpp takes at most 256 sequences; the prompt cache's spare stream is one of them.
        var most = PromptCache ? 255 : 256;
        if (Parallel < 1 || Parallel > most) throw new ArgumentOutOfRangeException(nameof(Parallel), Parallel, $"Parallel must be between 1 and {most}.");
        if (BatchSize < Parallel)
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, $"The batch size must be at least Parallel ({Parallel}), so every generating request gets its token each step.");
        if (MaxQueuedRequests < 0) throw new ArgumentOutOfRangeException(nameof(MaxQueuedRequests), MaxQueuedRequests, "The queue length cannot be negative.");
        if (PrefillSlowdownLimit is not 0 and < 1 || double.IsNaN(PrefillSlowdownLimit))
            throw new ArgumentOutOfRangeException(nameof(PrefillSlowdownLimit), PrefillSlowdownLimit, "The prefill slowdown limit must be 0 (off) or at least 1.");
        if (CacheReuse < 0) throw new ArgumentOutOfRangeException(nameof(CacheReuse), CacheReuse, "The cache reuse run cannot be negative.");
        if (Threads is < 1) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "Threads must be positive.");
    }
}
