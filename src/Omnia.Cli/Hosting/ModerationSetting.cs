namespace Omnia.Cli.Hosting;

/// <summary>The guard model behind <c>/v1/moderations</c> and the guardrails (<c>Omnia:Moderation</c>).</summary>
public sealed record ModerationSetting
{
    /// <summary>A <c>.gguf</c> path or catalog name (<c>llama-guard-3-1b</c>); null serves no moderation.</summary>
    public string? Model { get; init; }

    /// <summary>Tokens per check: the guard prompt (about 300 tokens) plus the conversation checked.</summary>
    public int ContextSize { get; init; } = 4096;

    /// <summary>Checks decoded together in one batch.</summary>
    public int Parallel { get; init; } = 4;
}
