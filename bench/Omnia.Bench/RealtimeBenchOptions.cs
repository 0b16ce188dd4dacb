using Omnia.Bench.PromptCache;

namespace Omnia.Bench;

/// <summary>Settings of the <c>realtime</c> bench.</summary>
internal sealed record RealtimeBenchOptions
{
    public const int LatencyTurns = 30;
    public const int ConversationTurns = 10;
    public const int ConversationContext = 4096;

    public RealtimeBenchMode Mode { get; init; } = RealtimeBenchMode.Latency;

    /// <summary>Latency: turns per turn-detection mode and for the naive cascade; conversation: turns of the session (utterances are cycled).</summary>
    public int Turns { get; init; } = LatencyTurns;

    /// <summary>Concurrent session counts for the capacity phase.</summary>
    public IReadOnlyList<int> Sessions { get; init; } = [1, 2, 4];

    /// <summary>Kept small so an answer's audio is done before the next turn starts; null: unbounded (<c>"inf"</c>).</summary>
    public int? MaxOutputTokens { get; init; } = 24;

    /// <summary>Silence streamed after each end of speech before the next utterance may start (the user listening).</summary>
    public int ListenMs { get; init; } = 2000;

    public int TunedSilenceMs { get; init; } = 200;

    /// <summary>Conversation and soak: semantic_vad (eagerness high) instead of the tuned server_vad.</summary>
    public bool SemanticVad { get; init; }
    public int TunedPrefixMs { get; init; } = 100;
    public string Instructions { get; init; } = "You are a helpful, friendly voice assistant. Answer briefly.";

    /// <summary>The chat model the started server serves (stories260K, a generated bench model, or a GGUF file).</summary>
    public required BenchChatModel ChatModel { get; init; }

    public required string ModelsDir { get; init; }
    public required string CliDll { get; init; }

    /// <summary>Measure a running server instead of starting <see cref="CliDll"/>.</summary>
    public Uri? ServerUrl { get; init; }

    /// <summary>The started server's <c>--context-size</c>; null: 512 per session (latency) or <see cref="ConversationContext"/>.</summary>
    public int? ContextSize { get; init; }

    /// <summary>The started server's <c>--request-timeout</c> in seconds; null: its default.</summary>
    public int? RequestTimeoutSeconds { get; init; }

    /// <summary>Conversation and soak: how long after the end of speech an answer may take before the turn counts as stuck.</summary>
    public TimeSpan AnswerLimit { get; init; } = TimeSpan.FromSeconds(120);

    public TimeSpan SoakDuration { get; init; } = TimeSpan.FromMinutes(30);
    public int SoakSessions { get; init; } = 4;

    /// <summary>How often the soak reads the server's RSS.</summary>
    public TimeSpan RssInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The server's extra arguments for the flags set here.</summary>
    public IEnumerable<string> ServerArguments()
    {
        if (RequestTimeoutSeconds is { } seconds)
        {
            yield return "--request-timeout";
            yield return seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        // A random-weight model's end-of-turn probability is noise: semantic_vad is measured with the word rule.
        if (ChatModel.HasRandomWeights)
        {
            yield return "--end-of-turn";
            yield return "words";
        }
    }
}
