using System.Text;

namespace Omnia.Bench.Fuzz;

/// <summary>JSON schemas for <c>response_format</c> and tool parameters that a grammar compiler must refuse or bound.</summary>
public static class HostileSchemas
{
    /// <summary>The schemas issue #10 found crashing the process, wedging the engine or answering 500, as raw JSON.</summary>
    public static IReadOnlyList<(string Name, string Json)> Findings { get; } =
    [
        ("anyOf-empty", "{\"anyOf\":[]}"),
        ("type-empty", "{\"type\":[]}"),
        ("enum-empty", "{\"enum\":[]}"),
        ("ref-self", "{\"$defs\":{\"a\":{\"$ref\":\"#/$defs/a\"}},\"$ref\":\"#/$defs/a\"}"),
        ("ref-loop", "{\"$defs\":{\"a\":{\"$ref\":\"#/$defs/b\"},\"b\":{\"$ref\":\"#/$defs/a\"}},\"$ref\":\"#/$defs/a\"}"),
        ("maxLength-2000", "{\"type\":\"string\",\"maxLength\":2000}"),
        ("minLength-negative", "{\"type\":\"string\",\"minLength\":-1}"),
        ("minItems-5000", "{\"type\":\"array\",\"items\":{\"type\":\"integer\"},\"minItems\":5000}"),
        ("maxItems-negative", "{\"type\":\"array\",\"items\":{\"type\":\"integer\"},\"maxItems\":-3}"),
        ("minLength-above-maxLength", "{\"type\":\"string\",\"minLength\":5,\"maxLength\":2}"),
        ("enum-100k", HugeEnum(100_000)),
        ("required-string", "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"required\":\"a\"}"),
        ("enum-string", "{\"enum\":\"abc\"}"),
        ("type-number", "{\"type\":5}"),
        ("maxLength-fraction", "{\"type\":\"string\",\"maxLength\":1.5}"),
        ("ref-number", "{\"$ref\":5}"),
    ];

    private static readonly string[] Keywords =
    [
        "type", "enum", "const", "anyOf", "oneOf", "allOf", "not", "$ref", "$defs", "definitions", "properties", "required",
        "items", "prefixItems", "additionalProperties", "minLength", "maxLength", "minItems", "maxItems", "minimum",
        "maximum", "exclusiveMinimum", "pattern", "format", "minProperties", "maxProperties", "patternProperties",
    ];

    private static readonly string[] Types = ["\"string\"", "\"integer\"", "\"number\"", "\"boolean\"", "\"null\"", "\"object\"", "\"array\"", "\"bogus\""];

    /// <summary>A random schema: a few keywords, each with a plausible, hostile or wrong-typed value, nested up to <paramref name="depth"/>.</summary>
    public static string Random(Random random, int depth = 3)
    {
        if (random.Next(8) == 0)
        {
            return random.Next(3) switch { 0 => "true", 1 => "false", _ => FuzzJson.AnyWrongValue(random).Json };
        }

        var text = new StringBuilder("{");
        var count = random.Next(1, 5);
        for (var i = 0; i < count; i++)
        {
            if (i > 0) text.Append(',');
            var keyword = Keywords[random.Next(Keywords.Length)];
            text.Append('"').Append(keyword).Append("\":").Append(Value(random, keyword, depth));
        }

        return text.Append('}').ToString();
    }

    /// <summary>A string enum of <paramref name="count"/> distinct values (100 000 of them is ~1 MB).</summary>
    public static string HugeEnum(int count) =>
        "{\"enum\":[" + string.Join(',', Enumerable.Range(0, count).Select(i => $"\"v{i}\"")) + "]}";

    private static string Value(Random random, string keyword, int depth)
    {
        if (random.Next(4) == 0)
        {
            return FuzzJson.AnyWrongValue(random).Json;
        }

        string Sub() => depth > 0 ? Random(random, depth - 1) : "{}";
        string Bound() => random.Next(6) switch
        {
            0 => "-1", 1 => "0", 2 => random.Next(1, 10).ToString(), 3 => random.Next(1000, 10_000).ToString(), 4 => "2147483648", _ => "1.5",
        };
        return keyword switch
        {
            "type" => random.Next(4) == 0 ? $"[{string.Join(',', Enumerable.Range(0, random.Next(3)).Select(_ => Types[random.Next(Types.Length)]))}]" : Types[random.Next(Types.Length)],
            "enum" => random.Next(5) == 0 ? "[]" : $"[{string.Join(',', Enumerable.Range(0, random.Next(1, 6)).Select(i => random.Next(3) == 0 ? i.ToString() : $"\"e{i}\""))}]",
            "const" => random.Next(2) == 0 ? "\"c\"" : "{\"a\":[1,2]}",
            "anyOf" or "oneOf" or "allOf" or "prefixItems" => $"[{string.Join(',', Enumerable.Range(0, random.Next(4)).Select(_ => Sub()))}]",
            "not" or "items" or "additionalProperties" => Sub(),
            "$ref" => random.Next(4) switch { 0 => "\"#\"", 1 => "\"#/$defs/a\"", 2 => "\"#/definitions/missing\"", _ => "\"http://127.0.0.1/schema\"" },
            "$defs" or "definitions" => $"{{\"a\":{(random.Next(2) == 0 ? "{\"$ref\":\"#/$defs/a\"}" : Sub())}}}",
            "properties" or "patternProperties" => $"{{{string.Join(',', Enumerable.Range(0, random.Next(4)).Select(i => $"\"p{i}\":{Sub()}"))}}}",
            "required" => random.Next(2) == 0 ? "[\"p0\",\"missing\"]" : "[\"p0\",\"p0\"]",
            "pattern" => random.Next(3) switch { 0 => "\"(a\"", 1 => "\"^(a+)+$\"", _ => "\"[\"" },
            "format" => random.Next(2) == 0 ? "\"date-time\"" : "\"no-such-format\"",
            _ => Bound(),
        };
    }
}
