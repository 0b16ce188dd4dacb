using System.Text.Json.Nodes;
using Omnia.Voice.Conversation;

namespace Omnia.Server.Realtime;

/// <summary>Conversation items in the Realtime API's shape (<c>realtime.item</c>), both ways.</summary>
internal static class RealtimeItemJson
{
    public static JsonObject ToJson(ConversationItem item)
    {
        var json = new JsonObject { ["id"] = item.Id, ["object"] = "realtime.item", ["type"] = TypeName(item.Kind), ["status"] = StatusName(item.Status) };
        switch (item.Kind)
        {
            case ItemKind.Message:
                json["role"] = RoleName(item.Role);
                json["content"] = new JsonArray(PartJson(item.Content!));
                break;
            case ItemKind.FunctionCall:
                json["call_id"] = item.CallId;
                json["name"] = item.Name;
                json["arguments"] = item.Arguments;
                break;
            case ItemKind.FunctionCallOutput:
                json["call_id"] = item.CallId;
                json["output"] = item.Output;
                break;
        }
        return json;
    }

    /// <summary>A content part: spoken content carries a transcript, typed content its text.</summary>
    public static JsonObject PartJson(ContentPart part)
    {
        var json = new JsonObject { ["type"] = PartName(part.Kind) };
        if (part.IsAudio) json["transcript"] = part.Text;
        else json["text"] = part.Text;
        return json;
    }

    /// <summary>A client's <c>conversation.item.create</c> item; a missing or wrong field is an error naming it.</summary>
    public static ConversationItem FromClient(JsonObject json, Func<string> newId)
    {
        var type = json["type"]?.GetValue<string>() ?? throw RealtimeSession.Missing("item.type");
        var id = json["id"]?.GetValue<string>() ?? newId();
        switch (type)
        {
            case "message":
                var role = json["role"]?.GetValue<string>() ?? throw RealtimeSession.Missing("item.role");
                if (role is not ("user" or "assistant" or "system"))
                    throw new RealtimeProtocolException("invalid_value", $"Invalid item.role '{role}': user, assistant or system.", "item.role");
                var parts = json["content"] as JsonArray ?? throw RealtimeSession.Missing("item.content");
                var text = string.Join(' ', parts.Select(p => p?["text"]?.GetValue<string>() ?? p?["transcript"]?.GetValue<string>()).Where(t => !string.IsNullOrEmpty(t)));
                return ConversationItem.Message(id, RoleOf(role), text);
            case "function_call_output":
                return ConversationItem.FunctionCallOutput(id,
                    json["call_id"]?.GetValue<string>() ?? throw RealtimeSession.Missing("item.call_id"),
                    json["output"]?.GetValue<string>() ?? "");
            case "function_call":
                var arguments = json["arguments"]?.GetValue<string>() ?? "{}";
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
                    json["call_id"]?.GetValue<string>() ?? throw RealtimeSession.Missing("item.call_id"),
                    json["name"]?.GetValue<string>() ?? throw RealtimeSession.Missing("item.name"),
                    arguments);
            default:
                throw new RealtimeProtocolException("invalid_value", $"Invalid item.type '{type}': message, function_call or function_call_output.", "item.type");
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

    private static string TypeName(ItemKind kind) => kind switch
    {
        ItemKind.FunctionCall => "function_call",
        ItemKind.FunctionCallOutput => "function_call_output",
        _ => "message",
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
