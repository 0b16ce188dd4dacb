using System.Globalization;
using System.Text;
using System.Text.Json;
using Omnia.Errors;

namespace Omnia.Engines.Llama.Grammar;

/// <summary>
/// Turns a JSON Schema into a GBNF grammar (root rule <c>root</c>) so sampling can only produce JSON that parses and
/// fits the schema. Whitespace is at most one space and numbers have bounded length, so a weak model cannot spend
/// its tokens on layout.
/// Supported: type (incl. arrays of types), properties/required, additionalProperties, items, min/maxItems,
/// min/maxLength, enum, const, anyOf/oneOf, $ref into $defs/definitions. Optional properties keep their declared order.
/// </summary>
internal sealed class JsonGrammar
{
    private const string Primitives = """
        space ::= | " "
        char ::= [^"\\\x7F\x00-\x1F] | [\\] (["\\bfnrt] | "u" [0-9a-fA-F]{4})
        string ::= "\"" char* "\"" space
        integral-part ::= [0] | [1-9] [0-9]{0,15}
        decimal-part ::= [0-9]{1,16}
        number ::= ("-"? integral-part) ("." decimal-part)? ([eE] [-+]? integral-part)? space
        integer ::= ("-"? integral-part) space
        boolean ::= ("true" | "false") space
        null ::= "null" space
        value ::= object | array | string | number | boolean | null
        object ::= "{" space ( string ":" space value ("," space string ":" space value)* )? "}" space
        array ::= "[" space ( value ("," space value)* )? "]" space
        """;

    private readonly StringBuilder _rules = new();
    private readonly Dictionary<string, string> _refRules = new(StringComparer.Ordinal);
    private JsonElement _rootSchema;
    private int _next;

    private JsonGrammar(JsonElement rootSchema) => _rootSchema = rootSchema;

    /// <summary>Any JSON object (<c>response_format: json_object</c>).</summary>
    public static string AnyObject() => "root ::= object\n" + Primitives + "\n";

    /// <summary>JSON that matches <paramref name="schema"/>.</summary>
    public static string FromSchema(JsonElement schema)
    {
        var grammar = new JsonGrammar(schema);
        var root = grammar.Visit(schema, "root-value");
        return $"root ::= {root}\n{grammar._rules}{Primitives}\n";
    }

    /// <summary>
    /// One or more tool calls in the Hermes/Qwen format, each naming one of <paramref name="tools"/> with arguments
    /// that fit its parameter schema: used when <c>tool_choice</c> is <c>required</c> or names a function.
    /// </summary>
    public static string ForToolCalls(IReadOnlyList<(string Name, JsonElement Parameters)> tools)
    {
        var grammar = new JsonGrammar(default);
        var alternatives = tools.Select((tool, i) =>
        {
            grammar._rootSchema = tool.Parameters;
            grammar._refRules.Clear();
            var arguments = grammar.Visit(tool.Parameters, $"tool-{i}-arguments");
            return $"\"{{\" space {Literal("name")} \":\" space {Literal(tool.Name)} \",\" space {Literal("arguments")} \":\" space {arguments} \"}}\"";
        }).ToList();
        return $"root ::= call (\"\\n\" call){{0,7}}\ncall ::= \"<tool_call>\\n\" ( {string.Join(" | ", alternatives)} ) \"\\n</tool_call>\"\n{grammar._rules}{Primitives}\n";
    }

    private string Visit(JsonElement schema, string hint)
    {
        if (schema.ValueKind == JsonValueKind.True) return "value";
        if (schema.ValueKind != JsonValueKind.Object)
            throw Unsupported("a schema must be an object");

        if (schema.TryGetProperty("$ref", out var reference)) return VisitRef(reference.GetString() ?? "");
        if (schema.TryGetProperty("const", out var constant)) return Literal(constant);
        if (schema.TryGetProperty("enum", out var values))
            return AddRule(hint, string.Join(" | ", values.EnumerateArray().Select(Literal)));
        if (schema.TryGetProperty("anyOf", out var anyOf) || schema.TryGetProperty("oneOf", out anyOf))
            return AddRule(hint, string.Join(" | ", anyOf.EnumerateArray().Select((s, i) => Visit(s, $"{hint}-{i}"))));
        if (schema.TryGetProperty("allOf", out _))
            throw Unsupported("'allOf' is not supported");

        if (!schema.TryGetProperty("type", out var type))
            return schema.TryGetProperty("properties", out _) ? VisitObject(schema, hint) : "value";
        if (type.ValueKind == JsonValueKind.Array)
            return AddRule(hint, string.Join(" | ", type.EnumerateArray().Select(t => VisitType(t.GetString(), schema, hint))));
        return VisitType(type.GetString(), schema, hint);
    }

    private string VisitType(string? type, JsonElement schema, string hint) => type switch
    {
        "object" => VisitObject(schema, hint),
        "array" => VisitArray(schema, hint),
        "string" => VisitString(schema, hint),
        "number" => "number",
        "integer" => "integer",
        "boolean" => "boolean",
        "null" => "null",
        _ => throw Unsupported($"type '{type}' is not supported"),
    };

    private string VisitObject(JsonElement schema, string hint)
    {
        if (!schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
            return "object";

        var required = schema.TryGetProperty("required", out var r)
            ? r.EnumerateArray().Select(e => e.GetString() ?? "").ToHashSet(StringComparer.Ordinal)
            : [];
        var members = properties.EnumerateObject()
            .Select(p => (p.Name, Rule: $"{Literal(p.Name)} \":\" space {Visit(p.Value, $"{hint}-{Sanitize(p.Name)}")}", Required: required.Contains(p.Name)))
            .ToList();
        var mandatory = members.Where(m => m.Required).ToList();
        var optional = members.Where(m => !m.Required).ToList();

        var body = new StringBuilder("\"{\" space ");
        if (mandatory.Count > 0)
        {
            body.Append(string.Join(" \",\" space ", mandatory.Select(m => m.Rule)));
            foreach (var m in optional) body.Append($" ( \",\" space {m.Rule} )?");
        }
        else if (optional.Count > 0)
        {
            body.Append($"( {optional[0].Rule}");
            foreach (var m in optional.Skip(1)) body.Append($" ( \",\" space {m.Rule} )?");
            body.Append(" )?");
        }
        body.Append(" \"}\" space");
        return AddRule(hint, body.ToString());
    }

    private string VisitArray(JsonElement schema, string hint)
    {
        var item = schema.TryGetProperty("items", out var items) ? Visit(items, hint + "-item") : "value";
        var min = schema.TryGetProperty("minItems", out var mi) ? mi.GetInt32() : 0;
        int? max = schema.TryGetProperty("maxItems", out var ma) ? ma.GetInt32() : null;
        if (max is 0) return AddRule(hint, "\"[\" space \"]\" space");

        var rest = max is null ? $"( \",\" space {item} )*" : $"( \",\" space {item} ){{{Math.Max(0, min - 1)},{max - 1}}}";
        if (max is null && min > 1) rest = $"( \",\" space {item} ){{{min - 1},}}";
        var list = $"{item} {rest}";
        var body = min == 0 ? $"\"[\" space ( {list} )? \"]\" space" : $"\"[\" space {list} \"]\" space";
        return AddRule(hint, body);
    }

    private string VisitString(JsonElement schema, string hint)
    {
        var min = schema.TryGetProperty("minLength", out var mi) ? mi.GetInt32() : 0;
        int? max = schema.TryGetProperty("maxLength", out var ma) ? ma.GetInt32() : null;
        if (min == 0 && max is null) return "string";
        return AddRule(hint, $"\"\\\"\" char{{{min},{max?.ToString(CultureInfo.InvariantCulture) ?? ""}}} \"\\\"\" space");
    }

    private string VisitRef(string reference)
    {
        if (_refRules.TryGetValue(reference, out var known)) return known;
        var parts = reference.Split('/');
        if (parts.Length != 3 || parts[0] != "#" || parts[1] is not ("$defs" or "definitions"))
            throw Unsupported($"$ref '{reference}' is not supported (only #/$defs/NAME and #/definitions/NAME)");
        if (!_rootSchema.TryGetProperty(parts[1], out var defs) || !defs.TryGetProperty(parts[2], out var target))
            throw Unsupported($"$ref '{reference}' points nowhere");

        // Reserve the rule name first so recursive schemas refer to it instead of expanding forever.
        var name = $"ref-{Sanitize(parts[2])}-{_next++}";
        _refRules[reference] = name;
        var body = Visit(target, name + "-body");
        _rules.Append(CultureInfo.InvariantCulture, $"{name} ::= {body}\n");
        return name;
    }

    private string AddRule(string hint, string body)
    {
        var name = $"{Sanitize(hint)}-{_next++}";
        _rules.Append(CultureInfo.InvariantCulture, $"{name} ::= {body}\n");
        return name;
    }

    /// <summary>A GBNF literal for the JSON text of <paramref name="value"/>, followed by optional space.</summary>
    private static string Literal(JsonElement value) => JsonLiteral(value.GetRawText());

    private static string Literal(string name) => JsonLiteral(JsonSerializer.Serialize(name));

    private static string JsonLiteral(string json)
    {
        var escaped = json.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);
        return $"\"{escaped}\" space";
    }

    private static string Sanitize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name) builder.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
        return builder.Length == 0 ? "x" : builder.ToString();
    }

    private static InvalidRequestException Unsupported(string why) =>
        new($"response_format.json_schema: {why}.", "response_format");
}
