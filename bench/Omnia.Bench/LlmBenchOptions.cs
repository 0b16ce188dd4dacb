using Omnia.Gguf;

namespace Omnia.Bench;

/// <summary>What one <c>llm</c> bench run measures, and with how many tokens.</summary>
internal sealed record LlmBenchOptions
{
    public required Qwen2Shape Shape { get; init; }

    public GgmlType WeightType { get; init; } = GgmlType.Q4_0;

    /// <summary>Tokens decoded per stream in every phase.</summary>
    public int Tokens { get; init; } = 128;

    /// <summary>Prompt length for the prompt-processing measurement.</summary>
    public int PromptTokens { get; init; } = 128;

    public int Threads { get; init; } = Environment.ProcessorCount;

    public IReadOnlyList<int> Concurrency { get; init; } = [1, 4, 8, 16];

    /// <summary>Times each raw, batched and HTTP measurement is taken; the report keeps the run of median throughput.</summary>
    public int Repeat { get; init; } = 1;

    /// <summary>Wall-clock cap on the default-mmap decode, which can collapse to a few tokens a second.</summary>
    public TimeSpan MmapBudget { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>When positive, the mmap load is also measured after this long idle (a server between requests).</summary>
    public TimeSpan MmapIdle { get; init; } = TimeSpan.Zero;

    public bool Http { get; init; } = true;

    public bool Mmap { get; init; } = true;

    public required string RepositoryRoot { get; init; }

    public required string TokenizerSource { get; init; }

    public required string CliDll { get; init; }

    /// <summary>An already running server to measure instead of starting <see cref="CliDll"/>.</summary>
    public Uri? ServerUrl { get; init; }

    public string ModelCacheDirectory => Path.Combine(RepositoryRoot, ".build", "bench-models");

    /// <summary>Short prompt every stream starts from (chat message or raw tokens).</summary>
    public const string StreamPrompt = "Once upon a time, a little fox found a shiny key in the forest. Tell me what it opened.";

    /// <summary>
    /// Context big enough for every stream at the highest concurrency: prompt and template, the decoded tokens,
    /// and slack, rounded up to a multiple of 256 and never below 2048.
    /// </summary>
    public int ContextSize
    {
        get
        {
            var perStream = Math.Max(PromptTokens, 64) + Tokens + 64;
            var total = perStream * Concurrency.Max();
            return Math.Max(2048, (total + 255) / 256 * 256);
        }
    }
}
