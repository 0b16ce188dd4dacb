using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Omnia.Engines.Llama.Prompting;

/// <summary>
/// The Hermes/Qwen tool-calling convention: tool signatures in the system prompt inside <c>&lt;tools&gt;</c>, calls as
/// JSON inside <c>&lt;tool_call&gt;</c>, results inside <c>&lt;tool_response&gt;</c>. Qwen2.5's own template renders
/// exactly this, so models trained on it see what they expect.
/// </summary>
internal static class ToolCallFormat
{
    public const string CallOpen = "<tool_call>";
    public const string CallClose = "</tool_call>";

    public static string SystemPrompt(IEnumerable<AIFunctionDeclaration> tools)
    {
        var builder = new StringBuilder()
            .Append("# Tools\n\nYou may call one or more functions to assist with the user query.\n\n")
            .Append("You are provided with function signatures within <tools></tools> XML tags:\n<tools>");
        foreach (var tool in tools)
        {
            var signature = new Dictionary<string, object?>
            {
                ["type"] = "function",
                ["function"] = new Dictionary<string, object?>
                {
                    ["name"] = tool.Name,
                    ["description"] = tool.Description,
                    ["parameters"] = tool.JsonSchema,
                },
            };
            builder.Append('\n').Append(JsonSerializer.Serialize(signature));
        }
        return builder
            .Append("\n</tools>\n\nFor each function call, return a json object with function name and arguments within ")
            .Append("<tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call>")
            .ToString();
    }

    public static string Call(FunctionCallContent call) =>
        $"{CallOpen}\n{JsonSerializer.Serialize(new { name = call.Name, arguments = call.Arguments })}\n{CallClose}";

    public static string Response(FunctionResultContent result) =>
        $"<tool_response>\n{(result.Result is string s ? s : JsonSerializer.Serialize(result.Result))}\n</tool_response>";

    /// <summary>Reads one call's JSON; null when it is not a call (the text is then given back as content).</summary>
    public static FunctionCallContent? Parse(string json, string callId)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
                return null;
            Dictionary<string, object?>? arguments = null;
            if (root.TryGetProperty("arguments", out var args) && args.ValueKind == JsonValueKind.Object)
                arguments = args.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
            return new FunctionCallContent(callId, name.GetString()!, arguments);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
