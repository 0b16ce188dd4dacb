using Omnia.Server.Realtime.Events;
using Omnia.Server.Realtime.Events.Client;
using Omnia.Server.Realtime.Events.Server;
using Omnia.Voice.Conversation;

namespace Omnia.Server.Realtime;

/// <summary>Conversation items between the conversation's records and the Realtime API's (<c>realtime.item</c>), both ways.</summary>
internal static class RealtimeItems
{
    public static RealtimeItem ToWire(ConversationItem item) => item.Kind switch
    {
        ItemKind.Message => new RealtimeItem(item.Id, "message", StatusName(item.Status)) { Role = RoleName(item.Role), Content = Parts(item) },
        ItemKind.FunctionCall => new RealtimeItem(item.Id, "function_call", StatusName(item.Status)) { CallId = item.CallId, Name = item.Name, Arguments = item.Arguments },
        ItemKind.ToolCall => new RealtimeItem(item.Id, "mcp_call", StatusName(item.Status))
        {
            ServerLabel = item.Source, Name = item.Name, Arguments = item.Arguments, ApprovalRequestId = item.ApprovalRequestId, Output = item.Output,
            Error = item.Error is { } error ? new RealtimeMcpError("tool_execution_error", error) : null,
        },
        ItemKind.ToolApprovalRequest => new RealtimeItem(item.Id, "mcp_approval_request", StatusName(item.Status))
        {
            ServerLabel = item.Source, Name = item.Name, Arguments = item.Arguments,
        },
        ItemKind.ToolApprovalResponse => new RealtimeItem(item.Id, "mcp_approval_response", StatusName(item.Status))
        {
            ApprovalRequestId = item.ApprovalRequestId, Approve = item.Approved, Reason = item.Reason,
        },
        _ => new RealtimeItem(item.Id, "function_call_output", StatusName(item.Status)) { CallId = item.CallId, Output = item.Output },
    };

    /// <summary>A message's parts: its text (unless it is only pictures), then its pictures.</summary>
    private static List<RealtimeContentPart> Parts(ConversationItem item)
    {
        List<RealtimeContentPart> parts = item.Images.Count == 0 || item.Text.Length > 0 ? [Part(item.Content!)] : [];
        parts.AddRange(item.Images.Select(image => new RealtimeImagePart("input_image", $"data:{image.MediaType};base64,{Convert.ToBase64String(image.Data.Span)}")));
        return parts;
    }

    /// <summary>A content part: spoken content carries a transcript, typed content its text.</summary>
    public static RealtimeContentPart Part(ContentPart part, bool beta = false)
    {
        var type = beta ? BetaEventShapes.PartType(PartName(part.Kind)) : PartName(part.Kind);
        return part.IsAudio ? new RealtimeAudioPart(type, part.Text) : new RealtimeTextPart(type, part.Text);
    }

    /// <summary>A client's <c>conversation.item.create</c> item; a missing or wrong field is an error naming it.</summary>
    public static ConversationItem FromClient(RealtimeClientItem item, Func<string> newId)
    {
        var type = item.Type ?? throw RealtimeSession.Missing("item.type");
        var id = item.Id ?? newId();
        switch (type)
        {
            case "message":
                var role = item.Role ?? throw RealtimeSession.Missing("item.role");
                if (role is not ("user" or "assistant" or "system"))
                    throw new RealtimeProtocolException("invalid_value", $"Invalid item.role '{role}': user, assistant or system.", "item.role");
                var parts = item.Content ?? throw RealtimeSession.Missing("item.content");
                for (var i = 0; i < parts.Count; i++)
                {
                    if (parts[i].Type != "input_image") continue;
                    if (role != "user")
                        throw new RealtimeProtocolException("invalid_value", "Only a user message may hold an input_image.", $"item.content[{i}].type");
                    if (string.IsNullOrEmpty(parts[i].ImageUrl)) throw RealtimeSession.Missing($"item.content[{i}].image_url");
                }
                // Pictures are fetched and checked by the caller (RealtimeImages), which adds them to the item.
                var text = string.Join(' ', parts.Where(p => p.Type != "input_image").Select(p => p.Text ?? p.Transcript).Where(t => !string.IsNullOrEmpty(t)));
                return ConversationItem.Message(id, RoleOf(role), text);
            case "function_call_output":
                return ConversationItem.FunctionCallOutput(id, item.CallId ?? throw RealtimeSession.Missing("item.call_id"), item.Output ?? "");
            case "function_call":
                var arguments = item.Arguments ?? "{}";
                try
                {
                    // Read now, at the edge: every later prompt gives the model these arguments as values.
                    JsonFunctionArguments.Instance.Read(arguments);
                }
                catch (FormatException)
                {
                    throw new RealtimeProtocolException("invalid_value", "item.arguments must be a JSON object in a string.", "item.arguments");
                }
                return ConversationItem.FunctionCall(id,
                    item.CallId ?? throw RealtimeSession.Missing("item.call_id"),
                    item.Name ?? throw RealtimeSession.Missing("item.name"),
                    arguments);
            case "mcp_approval_response":
                // Whether it answers a request of the conversation is the conversation's to check.
                return ConversationItem.ToolApprovalResponse(id,
                    item.ApprovalRequestId ?? throw RealtimeSession.Missing("item.approval_request_id"),
                    item.Approve ?? throw RealtimeSession.Missing("item.approve"),
                    item.Reason);
            default:
                throw new RealtimeProtocolException("invalid_value",
                    $"Invalid item.type '{type}': message, function_call, function_call_output or mcp_approval_response.", "item.type");
        }
    }

    public static ItemRole RoleOf(string role) => role switch
    {
        "assistant" => ItemRole.Assistant,
        "system" => ItemRole.System,
        _ => ItemRole.User,
    };

    private static string? RoleName(ItemRole? role) => role switch
    {
        ItemRole.User => "user",
        ItemRole.Assistant => "assistant",
        ItemRole.System => "system",
        _ => null,
    };

    private static string StatusName(ItemStatus status) => status switch
    {
        ItemStatus.InProgress => "in_progress",
        ItemStatus.Incomplete => "incomplete",
        _ => "completed",
    };

    private static string PartName(ContentKind kind) => kind switch
    {
        ContentKind.InputAudio => "input_audio",
        ContentKind.OutputText => "output_text",
        ContentKind.OutputAudio => "output_audio",
        _ => "input_text",
    };
}
