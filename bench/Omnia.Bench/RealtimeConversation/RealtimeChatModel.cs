using Omnia.Bench.PromptCache;
using Omnia.Gguf;

namespace Omnia.Bench.RealtimeConversation;

/// <summary>The <c>realtime</c> bench's <c>--chat-model</c>: stories260k, 0.5b, 3b (the generated bench models) or a GGUF file.</summary>
internal static class RealtimeChatModel
{
    public static readonly string[] Names = ["stories260k", "0.5b", "3b"];

    /// <summary>The bench model a value names (<c>stories</c>, <c>0.5b</c>, <c>3b</c>), or null for a file path.</summary>
    public static string? BenchName(string value) => value.ToLowerInvariant() switch
    {
        "stories260k" or "stories" => "stories",
        "0.5b" => "0.5b",
        "3b" => "3b",
        _ => null,
    };

    /// <summary>Null when the value names a bench model or an existing file; else why it cannot be used.</summary>
    public static string? Problem(string value) =>
        BenchName(value) is not null || File.Exists(value)
            ? null
            : $"--chat-model takes {string.Join(", ", Names)} or the path of a .gguf file; got '{value}' (no such file).";

    /// <summary>Finds stories260K, generates (once, as <c>bench llm</c> does) the Qwen2.5-shaped model, or reads the file's trained context.</summary>
    public static BenchChatModel Resolve(string value, string root, string cliDll, TextWriter log)
    {
        if (BenchName(value) is { } name) return BenchChatModel.Resolve(name, root, cliDll, log);
        var path = Path.GetFullPath(value);
        var trained = GgufFile.Read(path).MetadataInOrder
            .FirstOrDefault(kv => kv.Key.EndsWith(".context_length", StringComparison.Ordinal)).Value?.AsInteger() ?? RealtimeBenchOptions.ConversationContext;
        return new BenchChatModel(Path.GetFileNameWithoutExtension(path), path, (int)trained);
    }
}
