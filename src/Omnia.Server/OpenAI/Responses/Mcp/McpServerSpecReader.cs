using System.Text.Json;
using Omnia.Server.Errors;

namespace Omnia.Server.OpenAI.Responses.Mcp;

/// <summary>Reads a <c>{"type": "mcp"}</c> tool into a <see cref="McpServerSpec"/>; each error is a 400 naming its field.</summary>
internal static class McpServerSpecReader
{
    public const int MaxHeaders = 32;

    public static McpServerSpec Read(ResponseToolDto tool, string param)
    {
        if (string.IsNullOrEmpty(tool.ServerLabel)) throw JsonFields.Missing($"{param}.server_label");
        if (!Chat.ChatToolMapper.IsFunctionName(tool.ServerLabel))
            throw ApiException.BadRequest($"'{param}.server_label' must be 1-64 letters, digits, underscores or dashes.", $"{param}.server_label");
        if (string.IsNullOrEmpty(tool.ServerUrl))
            throw ApiException.BadRequest($"'{param}.server_url' is required: this server does not serve connectors ('connector_id').", $"{param}.server_url");
        if (!Uri.TryCreate(tool.ServerUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            throw ApiException.BadRequest($"'{param}.server_url' must be an absolute http(s) URL.", $"{param}.server_url");
        return new McpServerSpec(tool.ServerLabel, url, Allowed(tool.AllowedTools, $"{param}.allowed_tools"),
            Approval(tool.RequireApproval, $"{param}.require_approval"), Headers(tool.Headers, tool.Authorization, param), param);
    }

    /// <summary><c>allowed_tools</c>: a list of names, or <c>{"tool_names": […]}</c>.</summary>
    private static IReadOnlySet<string>? Allowed(JsonElement? allowed, string param) => allowed switch
    {
        null or { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.Array } names => Names(names, param),
        { ValueKind: JsonValueKind.Object } filter => JsonFields.Optional(filter, "tool_names") is { } names ? Names(names, $"{param}.tool_names") : null,
        _ => throw JsonFields.WrongType(param, "an array of tool names or {\"tool_names\": [...]}"),
    };

    private static McpApprovalPolicy Approval(JsonElement? approval, string param)
    {
        switch (approval)
        {
            case null or { ValueKind: JsonValueKind.Null }:
                return McpApprovalPolicy.AlwaysRequired;
            case { ValueKind: JsonValueKind.String } setting:
                return setting.GetString() switch
                {
                    "always" => McpApprovalPolicy.AlwaysRequired,
                    "never" => McpApprovalPolicy.NeverRequired,
                    var other => throw ApiException.BadRequest($"Invalid value for '{param}': {Echo.Quote(other)}. Supported: 'always', 'never' or {{\"never\": {{\"tool_names\": [...]}}}}.", param),
                };
            case { ValueKind: JsonValueKind.Object } filter:
                var never = Filter(filter, "never", param);
                var always = Filter(filter, "always", param);
                // Tools named in neither list need approval, as OpenAI does.
                return new McpApprovalPolicy(true, never, always);
            default:
                throw JsonFields.WrongType(param, "'always', 'never' or {\"never\": {\"tool_names\": [...]}}");
        }
    }

    private static IReadOnlySet<string> Filter(JsonElement filter, string name, string param)
    {
        if (JsonFields.Optional(filter, name) is not { } list) return new HashSet<string>();
        JsonFields.Object(list, $"{param}.{name}", "{\"tool_names\": [...]}");
        return JsonFields.Optional(list, "tool_names") is { } names ? Names(names, $"{param}.{name}.tool_names") : new HashSet<string>();
    }

    private static HashSet<string> Names(JsonElement names, string param)
    {
        if (names.ValueKind != JsonValueKind.Array) throw JsonFields.WrongType(param, "an array of tool names");
        return names.EnumerateArray().Select((name, i) => name.ValueKind == JsonValueKind.String
            ? name.GetString()!
            : throw JsonFields.WrongType(JsonPath.Index(param, i), "a tool name")).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary><c>headers</c>, and <c>authorization</c> as a bearer token (which wins over a header of the same name).</summary>
    private static Dictionary<string, string> Headers(Dictionary<string, string?>? headers, string? authorization, string toolParam)
    {
        var result = Headers(headers, $"{toolParam}.headers");
        if (authorization is null) return result;
        if (authorization.Length == 0 || authorization.Any(c => c is '\r' or '\n' or '\0'))
            throw ApiException.BadRequest($"'{toolParam}.authorization' must be a token without line breaks.", $"{toolParam}.authorization");
        result["Authorization"] = "Bearer " + authorization;
        return result;
    }

    private static Dictionary<string, string> Headers(Dictionary<string, string?>? headers, string param)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (headers is null) return result;
        if (headers.Count > MaxHeaders) throw ApiException.BadRequest($"'{param}' may hold at most {MaxHeaders} headers.", param);
        foreach (var (name, value) in headers)
        {
            // The header's name, never its value, goes into errors: values are credentials.
            if (name.Length == 0 || name.Any(c => c <= ' ' || c >= 127 || c == ':'))
                throw ApiException.BadRequest($"'{param}' holds a header name that is not a valid HTTP token.", param);
            if (value is null || value.Any(c => c is '\r' or '\n' or '\0'))
                throw ApiException.BadRequest($"'{param}.{Echo.Clip(name, 64)}' must be a string without line breaks.", $"{param}.{Echo.Clip(name, 64)}");
            result[name] = value;
        }
        return result;
    }
}
