using System.Collections.Immutable;

namespace Omnia.Voice.Conversation;

/// <summary>
/// One item of a voice conversation: a message (user, assistant or system), a function call and its output, or a
/// server tool's call (and the approval it may wait for). An
/// item is a value: the conversation replaces it when it changes, so a frame that carries one is a snapshot.
/// </summary>
public sealed record ConversationItem
{
    public required string Id { get; init; }
    public required ItemKind Kind { get; init; }

    /// <summary>The author of a message; null for function calls and their outputs.</summary>
    public ItemRole? Role { get; init; }

    public ItemStatus Status { get; init; } = ItemStatus.Completed;

    /// <summary>A message's content; null for function calls and their outputs.</summary>
    public ContentPart? Content { get; init; }

    public string? CallId { get; init; }
    public string? Name { get; init; }

    /// <summary>A function call's arguments as the model wrote them (JSON text, opaque here).</summary>
    public string? Arguments { get; init; }

    public string? Output { get; init; }

    /// <summary>Why a server tool call failed; null when it succeeded (or is not one).</summary>
    public string? Error { get; init; }

    /// <summary>Who serves a server tool (its calls and approval requests): an MCP server's label.</summary>
    public string? Source { get; init; }

    /// <summary>The approval request a tool call was made after, or an approval response answers.</summary>
    public string? ApprovalRequestId { get; init; }

    /// <summary>An approval response's answer.</summary>
    public bool? Approved { get; init; }

    /// <summary>Why the client approved or declined, when it said.</summary>
    public string? Reason { get; init; }

    /// <summary>A user turn's audio, 16 kHz mono, kept only for chat models that hear audio themselves.</summary>
    public float[]? Audio { get; init; }

    /// <summary>The pictures of a user message, after its text.</summary>
    public IReadOnlyList<InputImage> Images { get; init; } = [];

    /// <summary>For spoken answers: each synthesized clause and where its audio ends.</summary>
    public ImmutableList<SpokenClause> SpokenClauses { get; init; } = [];

    public string Text => Content?.Text ?? "";
    public bool IsAudio => Content?.IsAudio == true;
    public double AudioMs => SpokenClauses.IsEmpty ? 0 : SpokenClauses[^1].EndMs;

    public static ConversationItem Message(string id, ItemRole role, string? text, bool audio = false, ItemStatus status = ItemStatus.Completed) => new()
    {
        Id = id,
        Kind = ItemKind.Message,
        Role = role,
        Status = status,
        Content = new ContentPart(ContentKindOf(role, audio), text),
    };

    public static ConversationItem FunctionCall(string id, string callId, string name, string arguments) =>
        new() { Id = id, Kind = ItemKind.FunctionCall, CallId = callId, Name = name, Arguments = arguments };

    public static ConversationItem FunctionCallOutput(string id, string callId, string output) =>
        new() { Id = id, Kind = ItemKind.FunctionCallOutput, CallId = callId, Output = output };

    public static ConversationItem ToolCall(string id, string source, string name, string arguments, string? approvalRequestId) => new()
    {
        Id = id, Kind = ItemKind.ToolCall, Status = ItemStatus.InProgress, Source = source, Name = name, Arguments = arguments,
        ApprovalRequestId = approvalRequestId,
    };

    public static ConversationItem ToolApprovalRequest(string id, string source, string name, string arguments) =>
        new() { Id = id, Kind = ItemKind.ToolApprovalRequest, Source = source, Name = name, Arguments = arguments };

    public static ConversationItem ToolApprovalResponse(string id, string approvalRequestId, bool approved, string? reason) =>
        new() { Id = id, Kind = ItemKind.ToolApprovalResponse, ApprovalRequestId = approvalRequestId, Approved = approved, Reason = reason };

    public ConversationItem WithText(string text) => this with { Content = Content! with { Text = text } };

    /// <summary>Keeps only what the listener heard before <paramref name="audioEndMs"/>: whole clauses, then a share of the words of the clause cut off.</summary>
    public ConversationItem Truncated(double audioEndMs)
    {
        var heard = new List<string>();
        var start = 0.0;
        foreach (var (clause, end) in SpokenClauses)
        {
            if (end <= audioEndMs)
            {
                heard.Add(clause);
            }
            else
            {
                var words = clause.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var share = Math.Clamp((audioEndMs - start) / Math.Max(1, end - start), 0, 1);
                var kept = (int)Math.Floor(words.Length * share);
                if (kept > 0) heard.Add(string.Join(' ', words.Take(kept)));
                break;
            }
            start = end;
        }
        return WithText(string.Join(' ', heard)) with { Status = ItemStatus.Incomplete };
    }

    /// <summary>The characters of text the item holds, for the conversation's limits.</summary>
    public long TextChars =>
        (long)Text.Length + (Arguments?.Length ?? 0) + (Output?.Length ?? 0) + (Name?.Length ?? 0) + (CallId?.Length ?? 0)
        + (Error?.Length ?? 0) + (Source?.Length ?? 0) + (ApprovalRequestId?.Length ?? 0) + (Reason?.Length ?? 0);

    /// <summary>What the item costs in memory: 2 bytes a character, 4 a kept audio sample, and its pictures' bytes.</summary>
    public long Bytes => TextChars * 2L + (Audio?.LongLength ?? 0) * sizeof(float) + Images.Sum(i => (long)i.Data.Length);

    private static ContentKind ContentKindOf(ItemRole role, bool audio) => role switch
    {
        ItemRole.User => audio ? ContentKind.InputAudio : ContentKind.InputText,
        ItemRole.Assistant => audio ? ContentKind.OutputAudio : ContentKind.OutputText,
        _ => ContentKind.InputText,
    };
}
