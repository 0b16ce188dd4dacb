using Omnia.Gguf;

namespace Omnia.Bench.PromptCache;

/// <summary>The chat model a prompt-cache bench serves: stories260K, or the generated 0.5B- or 3B-shaped model.</summary>
internal sealed record BenchChatModel(string Name, string Path, int TrainedContext)
{
    public static readonly string[] Names = ["stories", "0.5b", "3b"];

    public bool IsStories => Name == "stories";

    /// <summary>The generated Qwen2.5-shaped models: random weights, so what they predict (an end of turn) is noise.</summary>
    public bool HasRandomWeights => Name is "0.5b" or "3b";

    /// <summary>Finds stories260K in ../shared/models or generates (once) the Qwen2.5-shaped model.</summary>
    public static BenchChatModel Resolve(string name, string root, string cliDll, TextWriter log)
    {
        var stories = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, "..", "shared", "models", "stories260K.gguf"));
        var path = name switch
        {
            "stories" => File.Exists(stories) ? stories : throw new FileNotFoundException($"stories260K is missing at {stories}.", stories),
            "0.5b" or "3b" => BenchModelCache.Ensure(
                new LlmBenchOptions
                {
                    Shape = name == "3b" ? Qwen2Shape.Qwen25ThreeBInstruct : Qwen2Shape.Qwen25HalfBInstruct,
                    RepositoryRoot = root,
                    TokenizerSource = stories,
                    CliDll = cliDll,
                },
                log),
            _ => throw new ArgumentException($"Unknown model '{name}'; expected one of {string.Join(", ", Names)}.", nameof(name)),
        };
        var contextLength = GgufFile.Read(path).MetadataInOrder
            .FirstOrDefault(kv => kv.Key.EndsWith(".context_length", StringComparison.Ordinal)).Value?.AsInteger() ?? 4096;
        return new BenchChatModel(name, path, (int)contextLength);
    }

    /// <summary>The server's context per request: what the bench needs, rounded up to 256, within the model's trained context.</summary>
    public int ContextFor(int tokensNeeded) => Math.Min(TrainedContext, Math.Max(2048, (tokensNeeded + 255) / 256 * 256));
}
