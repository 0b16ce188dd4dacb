namespace Omnia.Voice.Conversation;

/// <summary>What a server tool's call gave: its output, or (when <see cref="Error"/> is set) why it failed.</summary>
public sealed record ToolResult(string? Output, string? Error = null)
{
    public static ToolResult Failed(string error) => new(null, error);
}
