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
/// <remarks>
/// Every keyword it reads is validated here and every grammar passes <see cref="GbnfCheck"/>, so what it cannot
/// compile is an <see cref="InvalidRequestException"/> naming the keyword's path, never a grammar llama.cpp aborts on.
/// A <c>maxLength</c>/<c>maxItems</c> above <see cref="GrammarLimits.MaxRepetition"/> is left unbounded in the grammar
/// (the output is still bounded by max_tokens); a minimum above it is refused.
/// </remarks>
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

    private static readonly HashSet<string> Types = ["object", "array", "string", "number", "integer", "boolean", "null"];

    private readonly StringBuilder _rules = new();
    private readonly Dictionary<string, string> _refRules = new(StringComparer.Ordinal);

    /// <summary>Where each rule came from: the parameter and the schema's JSON path, for error messages.</summary>
    private readonly Dictionary<string, (string Param, string Path)> _origins = new(StringComparer.Ordinal);

    private JsonElement _rootSchema;
    private string _param = "response_format";
    private string _subject = "response_format.json_schema.schema";
    private int _next;

    private JsonGrammar(JsonElement rootSchema) => _rootSchema = rootSchema;

    private static readonly string AnyObjectGrammar = new JsonGrammar(default).Checked("root ::= object\n" + Primitives + "\n");

    /// <summary>Any JSON object (<c>response_format: json_object</c>).</summary>
    public static string AnyObject() => AnyObjectGrammar;

    /// <summary>JSON that matches <paramref name="schema"/>.</summary>
    /// <exception cref="InvalidRequestException">The schema cannot be compiled (param <c>response_format</c>).</exception>
    public static string FromSchema(JsonElement schema)
    {
        var grammar = new JsonGrammar(schema);
        var root = grammar.Visit(schema, "root-value", "$", 0);
        return grammar.Checked($"root ::= {root}\n{grammar._rules}{Primitives}\n");
    }

    /// <summary>
    /// One or more tool calls in the Hermes/Qwen format, each naming one of <paramref name="tools"/> with arguments
    /// that fit its parameter schema: used when <c>tool_choice</c> is <c>required</c> or names a function.
    /// </summary>
    /// <param name="tools">Each tool with the request parameter its schema came from, e.g. <c>tools[0].function.parameters</c>.</param>
    /// <exception cref="InvalidRequestException">A schema cannot be compiled (param: that tool's).</exception>
    public static string ForToolCalls(IReadOnlyList<(string Name, JsonElement Parameters, string Param)> tools)
    {
        var grammar = new JsonGrammar(default);
        var alternatives = tools.Select((tool, i) =>
        {
            grammar._rootSchema = tool.Parameters;
            grammar._param = grammar._subject = tool.Param;
            grammar._refRules.Clear();
            var arguments = grammar.Visit(tool.Parameters, $"tool-{i}-arguments", "$", 0);
            return $"\"{{\" space {Literal("name")} \":\" space {Literal(tool.Name)} \",\" space {Literal("arguments")} \":\" space {arguments} \"}}\"";
        }).ToList();
        grammar._param = grammar._subject = "tools";
        return grammar.Checked(
            $"root ::= call (\"\\n\" call){{0,7}}\ncall ::= \"<tool_call>\\n\" ( {string.Join(" | ", alternatives)} ) \"\\n</tool_call>\"\n{grammar._rules}{Primitives}\n");
    }

    private string Visit(JsonElement schema, string hint, string path, int depth)
    {
        if (depth > GrammarLimits.MaxDepth) throw Invalid(path, $"schemas nest more than {GrammarLimits.MaxDepth} levels deep (counting each $ref)");
        if (schema.ValueKind == JsonValueKind.True) return "value";
        if (schema.ValueKind == JsonValueKind.False) throw Invalid(path, "the schema false matches nothing");
        if (schema.ValueKind != JsonValueKind.Object) throw Invalid(path, "a schema must be an object or a boolean");

        if (schema.TryGetProperty("$ref", out var reference))
        {
            if (reference.ValueKind != JsonValueKind.String) throw Invalid(path + ".$ref", "'$ref' must be a string");
            return VisitRef(reference.GetString()!, path + ".$ref", depth);
        }
        if (schema.TryGetProperty("const", out var constant)) return Literal(constant);
        if (schema.TryGetProperty("enum", out var values))
        {
            var count = NonEmptyArray(values, path + ".enum", "enum");
            if (count > GrammarLimits.MaxFanOut) throw Invalid(path + ".enum", $"'enum' has {count} values; at most {GrammarLimits.MaxFanOut} are supported");
            return AddRule(hint, string.Join(" | ", values.EnumerateArray().Select(Literal)), path);
        }
        if (schema.TryGetProperty("anyOf", out var anyOf) || schema.TryGetProperty("oneOf", out anyOf))
        {
            var keyword = schema.TryGetProperty("anyOf", out _) ? "anyOf" : "oneOf";
            NonEmptyArray(anyOf, $"{path}.{keyword}", keyword);
            return AddRule(hint, string.Join(" | ", anyOf.EnumerateArray().Select((s, i) => Visit(s, $"{hint}-{i}", $"{path}.{keyword}[{i}]", depth + 1))), path);
        }
        if (schema.TryGetProperty("allOf", out _)) throw Invalid(path + ".allOf", "'allOf' is not supported");

        if (!schema.TryGetProperty("type", out var type))
            return schema.TryGetProperty("properties", out _) ? VisitObject(schema, hint, path, depth) : "value";
        if (type.ValueKind == JsonValueKind.Array)
        {
            NonEmptyArray(type, path + ".type", "type");
            var names = type.EnumerateArray().Select(t => TypeName(t, path)).Distinct(StringComparer.Ordinal);
            return AddRule(hint, string.Join(" | ", names.Select(t => VisitType(t, schema, hint, path, depth))), path);
        }
        return VisitType(TypeName(type, path), schema, hint, path, depth);
    }

    private string TypeName(JsonElement type, string path) =>
        type.ValueKind == JsonValueKind.String && type.GetString() is { } name && Types.Contains(name)
            ? name
            : throw Invalid(path + ".type", $"'type' must be one of {string.Join(", ", Types)} or a non-empty array of them");

    private string VisitType(string type, JsonElement schema, string hint, string path, int depth) => type switch
    {
        "object" => VisitObject(schema, hint, path, depth),
        "array" => VisitArray(schema, hint, path, depth),
        "string" => VisitString(schema, hint, path),
        _ => type,
    };

    private string VisitObject(JsonElement schema, string hint, string path, int depth)
    {
        var required = new HashSet<string>(StringComparer.Ordinal);
        if (schema.TryGetProperty("required", out var r))
        {
            if (r.ValueKind != JsonValueKind.Array || r.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
                throw Invalid(path + ".required", "'required' must be an array of strings");
            required.UnionWith(r.EnumerateArray().Select(e => e.GetString()!));
        }
        if (!schema.TryGetProperty("properties", out var properties)) return "object";
        if (properties.ValueKind != JsonValueKind.Object) throw Invalid(path + ".properties", "'properties' must be an object");

        var members = properties.EnumerateObject()
            .Select(p => (p.Name, Rule: $"{Literal(p.Name)} \":\" space {Visit(p.Value, $"{hint}-{Sanitize(p.Name)}", $"{path}.properties.{p.Name}", depth + 1)}", Required: required.Contains(p.Name)))
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
        return AddRule(hint, body.ToString(), path);
    }

    private string VisitArray(JsonElement schema, string hint, string path, int depth)
    {
        var item = schema.TryGetProperty("items", out var items) ? Visit(items, hint + "-item", path + ".items", depth + 1) : "value";
        var (min, max) = Bounds(schema, path, "minItems", "maxItems");
        if (max is 0) return AddRule(hint, "\"[\" space \"]\" space", path);

        // The items after the first: at least min - 1 and at most max - 1 of them.
        var rest = max switch
        {
            1 => "",
            null => min > 1 ? $"( \",\" space {item} ){{{min - 1},}}" : $"( \",\" space {item} )*",
            _ => $"( \",\" space {item} ){{{Math.Max(0, min - 1)},{max - 1}}}",
        };
        var list = $"{item} {rest}";
        var body = min == 0 ? $"\"[\" space ( {list} )? \"]\" space" : $"\"[\" space {list} \"]\" space";
        return AddRule(hint, body, path);
    }

    private string VisitString(JsonElement schema, string hint, string path)
    {
        var (min, max) = Bounds(schema, path, "minLength", "maxLength");
        if (min == 0 && max is null) return "string";
        var upper = max?.ToString(CultureInfo.InvariantCulture) ?? "";
        return AddRule(hint, $"\"\\\"\" char{{{min},{upper}}} \"\\\"\" space", path);
    }

    /// <summary>
    /// A minimum and maximum count, validated: non-negative integers, the minimum within
    /// <see cref="GrammarLimits.MaxRepetition"/>, a maximum beyond it dropped (null), and the minimum not above the maximum.
    /// </summary>
    private (int Min, int? Max) Bounds(JsonElement schema, string path, string minKeyword, string maxKeyword)
    {
        var min = Count(schema, path, minKeyword) ?? 0;
        var max = Count(schema, path, maxKeyword);
        if (min > max) throw Invalid(path, $"'{minKeyword}' ({min}) is above '{maxKeyword}' ({max}), so nothing can match");
        if (min > GrammarLimits.MaxRepetition) throw Invalid($"{path}.{minKeyword}", $"'{minKeyword}' is {min}; at most {GrammarLimits.MaxRepetition} is supported");
        return ((int)min, max > GrammarLimits.MaxRepetition ? null : (int?)max);
    }

    private double? Count(JsonElement schema, string path, string keyword)
    {
        if (!schema.TryGetProperty(keyword, out var value)) return null;
        if (value.ValueKind != JsonValueKind.Number) throw Invalid($"{path}.{keyword}", $"'{keyword}' must be a non-negative integer");
        // A number beyond double's range (1e400) is still a number: an infinite count, bounded like any large one.
        var count = value.TryGetDouble(out var parsed) ? parsed : value.GetRawText().StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity;
        return count >= 0 && Math.Floor(count) == count ? count : throw Invalid($"{path}.{keyword}", $"'{keyword}' must be a non-negative integer");
    }

    private int NonEmptyArray(JsonElement value, string path, string keyword)
    {
        if (value.ValueKind != JsonValueKind.Array) throw Invalid(path, $"'{keyword}' must be an array");
        var count = value.GetArrayLength();
        return count > 0 ? count : throw Invalid(path, $"'{keyword}' is empty, so nothing can match");
    }

    private string VisitRef(string reference, string path, int depth)
    {
        if (_refRules.TryGetValue(reference, out var known)) return known;
        var parts = reference.Split('/');
        if (parts.Length != 3 || parts[0] != "#" || parts[1] is not ("$defs" or "definitions"))
            throw Invalid(path, $"$ref '{reference}' is not supported (only #/$defs/NAME and #/definitions/NAME)");
        if (_rootSchema.ValueKind != JsonValueKind.Object || !_rootSchema.TryGetProperty(parts[1], out var defs)
            || defs.ValueKind != JsonValueKind.Object || !defs.TryGetProperty(parts[2], out var target))
            throw Invalid(path, $"$ref '{reference}' points nowhere");

        // Reserve the rule name first so recursive schemas refer to it instead of expanding forever; whether the
        // recursion has a base case is for GbnfCheck to find.
        var name = $"ref-{Sanitize(parts[2])}-{_next++}";
        var targetPath = $"$.{parts[1]}.{parts[2]}";
        _refRules[reference] = name;
        _origins[name] = (_param, targetPath);
        var body = Visit(target, name + "-body", targetPath, depth + 1);
        _rules.Append(CultureInfo.InvariantCulture, $"{name} ::= {body}\n");
        return name;
    }

    private string AddRule(string hint, string body, string path)
    {
        var name = $"{Sanitize(hint)}-{_next++}";
        _origins[name] = (_param, path);
        _rules.Append(CultureInfo.InvariantCulture, $"{name} ::= {body}\n");
        return name;
    }

    /// <summary>The grammar, once <see cref="GbnfCheck"/> has found nothing llama.cpp would abort on or that costs too much.</summary>
    private string Checked(string grammar)
    {
        try
        {
            GbnfCheck.Check(grammar);
            return grammar;
        }
        catch (GrammarRejectedException e)
        {
            // A generated group (rule_N) belongs to the rule it was written in.
            var rule = e.Rule?.Split('_')[0];
            if (rule is not null && _origins.TryGetValue(rule, out var origin))
                throw new InvalidRequestException($"{SubjectOf(origin.Param)}: the schema at {origin.Path} {e.Problem}.", origin.Param);
            throw new InvalidRequestException($"{_subject}: the schema cannot be compiled: {e.Message}.", _param);
        }
    }

    private static string SubjectOf(string param) => param == "response_format" ? "response_format.json_schema.schema" : param;

    /// <summary>A GBNF literal for the JSON text of <paramref name="value"/>, followed by optional space.</summary>
    private static string Literal(JsonElement value) => JsonLiteral(value.GetRawText());

    private static string Literal(string name) => JsonLiteral(JsonSerializer.Serialize(name));

    private static string JsonLiteral(string json)
    {
        var escaped = json.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);
        return $"\"{escaped}\" space";
    }

    /// <summary>A readable rule-name piece: its last 24 characters, so nesting cannot grow names without bound.</summary>
    private static string Sanitize(string name)
    {
        var tail = name.AsSpan(Math.Max(0, name.Length - 24));
        var builder = new StringBuilder(tail.Length);
        foreach (var c in tail) builder.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
        return builder.Length == 0 ? "x" : builder.ToString();
    }

    private InvalidRequestException Invalid(string path, string why) => new($"{_subject}: {why} (at {path}).", _param);
}
