namespace Omnia.Bench;

/// <summary>Settings of the <c>realtime</c> bench.</summary>
internal sealed record RealtimeBenchOptions
{
    /// <summary>Turns per turn-detection mode and for the naive cascade (utterances are cycled).</summary>
    public int Turns { get; init; } = 30;

    /// <summary>Concurrent session counts for the capacity phase.</summary>
    public IReadOnlyList<int> Sessions { get; init; } = [1, 2, 4];

    /// <summary>Kept small so an answer's audio is done before the next turn starts.</summary>
    public int MaxOutputTokens { get; init; } = 24;

    /// <summary>Silence streamed after each end of speech before the next utterance may start (the user listening).</summary>
    public int ListenMs { get; init; } = 2000;

    public int TunedSilenceMs { get; init; } = 200;
    public int TunedPrefixMs { get; init; } = 100;
    public string Instructions { get; init; } = "You are a helpful, friendly voice assistant. Answer briefly.";
    public string ChatModel { get; init; } = "stories260k";
    public required string ModelsDir { get; init; }
    public required string CliDll { get; init; }

    /// <summary>Measure a running server instead of starting <see cref="CliDll"/>.</summary>
    public Uri? ServerUrl { get; init; }
}
