using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Omnia.Server.Errors;

namespace Omnia.Server.OpenAI.Chat;

/// <summary><c>tools</c> as function declarations and <c>tool_choice</c> as a tool mode.</summary>
internal static partial class ChatToolMapper
{
    private static readonly JsonElement EmptyObjectSchema = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement;

    public static List<AITool>? Tools(List<ToolDto?>? tools)
    {
        if (tools is null or { Count: 0 }) return null;
        var result = new List<AITool>();
        for (var i = 0; i < tools.Count; i++)
        {
            var param = JsonPath.Index("tools", i);
            var tool = tools[i] ?? throw JsonFields.WrongType(param, "a tool object");
            if (tool.Type != "function")
                throw ApiException.BadRequest($"Invalid value for '{param}.type': only 'function' is supported.", $"{param}.type");
            result.Add(Declaration(tool.Function?.Name, tool.Function?.Description, tool.Function?.Parameters, $"{param}.function"));
        }
        return result;
    }

    /// <summary>A function declaration; <paramref name="param"/> is the object holding name, description and parameters.</summary>
    public static AIFunctionDeclaration Declaration(string? name, string? description, JsonElement? parameters, string param)
    {
        if (name is null || !IsFunctionName(name))
            throw ApiException.BadRequest($"'{param}.name' must be 1-64 letters, digits, underscores or dashes.", $"{param}.name");
        var schema = parameters switch
        {
            null or { ValueKind: JsonValueKind.Null } => EmptyObjectSchema,
            { ValueKind: JsonValueKind.Object } given => given,
            _ => throw JsonFields.WrongType($"{param}.parameters", "a JSON Schema object"),
        };
        return AIFunctionFactory.CreateDeclaration(name, description, schema);
    }

    /// <summary>The modes tool_choice names as a string, or null for a string that is none of them.</summary>
    public static ChatToolMode? NamedMode(string? mode) => mode switch
    {
        "auto" => ChatToolMode.Auto,
        "none" => ChatToolMode.None,
        "required" => ChatToolMode.RequireAny,
        _ => null,
    };

    public static bool IsFunctionName(string name) => FunctionName().IsMatch(name);

    public static ChatToolMode? ToolMode(JsonElement? choice)
    {
        const string param = "tool_choice";
        switch (choice)
        {
            case null or { ValueKind: JsonValueKind.Null }:
                return null;
            case { ValueKind: JsonValueKind.String } mode:
                return NamedMode(mode.GetString())
                    ?? throw ApiException.BadRequest($"Invalid value for 'tool_choice': {Echo.Quote(mode.GetString())}. Supported: 'none', 'auto', 'required' or a function.", param);
            case { ValueKind: JsonValueKind.Object } named:
                if (JsonFields.OptionalString(named, "type", $"{param}.type") is { } type and not "function")
                    throw ApiException.BadRequest($"Invalid value for 'tool_choice.type': {Echo.Quote(type)}. Supported: 'function'.", $"{param}.type");
                var function = JsonFields.RequiredObject(named, "function", $"{param}.function");
                var name = JsonFields.RequiredString(function, "name", $"{param}.function.name");
                if (!IsFunctionName(name))
                    throw ApiException.BadRequest($"'{param}.function.name' must be 1-64 letters, digits, underscores or dashes.", $"{param}.function.name");
                return ChatToolMode.RequireSpecific(name);
            default:
                throw JsonFields.WrongType(param, "'none', 'auto', 'required' or {\"type\":\"function\",\"function\":{\"name\":...}}");
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex FunctionName();
}
