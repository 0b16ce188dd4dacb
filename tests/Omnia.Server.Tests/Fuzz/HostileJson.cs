using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace Omnia.Server.Tests.Fuzz;

/// <summary>
/// Generators of hostile request bodies: a valid request with up to three of its fields replaced by a wrong type,
/// null, a huge or non-finite number, a NaN-like string, deep nesting, an invalid escape, a lone surrogate or raw
/// bytes that are not UTF-8. Mutations are spliced in as bytes, so they can break the JSON itself.
/// </summary>
internal static class HostileJson
{
    private const string Hole = "\u0001hole\u0001";

    /// <summary>Replacement values, as raw JSON text (some of it deliberately not JSON).</summary>
    public static readonly Gen<byte[]> Value = Gen.Frequency<byte[]>(
        (8, Gen.OneOf<string>(
            "null", "true", "false", "0", "-1", "1.5", "-0", "2147483648", "-9223372036854775809", "1e308", "-1e308", "1e400",
            "99999999999999999999999999", "\"\"", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "NaN", "Infinity", "\"\\ud800\"", "\"a\\udc00b\"",
            "\"\\u0000\"", "\"\\x41\"", "\"\\u12\"", "\"text\"", "\"audio\"", "\"function\"", "\"auto\"", "\"user\"", "[]", "[null]", "[1,\"a\",{}]",
            "{}", "{\"a\":null}", "{\"type\":\"text\"}", "{\"url\":5}", "{\"name\":5}", "{\"function\":\"f\"}", "[{\"type\":\"function\",\"function\":5}]",
            "[{\"type\":\"image_url\",\"image_url\":\"x\"}]", "[{\"type\":\"input_audio\",\"input_audio\":[1]}]", "\"data:image/png;base64,%%%\"",
            "{\"type\":\"json_schema\",\"json_schema\":\"x\"}", "{\"include_usage\":\"yes\"}", "{\"voice\":5,\"format\":[]}", "\"x", "{", "]",
            "{\"a\":1,\"a\":2}", "\"\\\"\"", "01", "-", "1e", "[,]")
            .Select(Encoding.UTF8.GetBytes)),
        // Broken text gets its own weight: one such string anywhere used to be a 500.
        (3, Gen.OneOf<string>("\"\\ud800\"", "\"hi \\udfff\"", "\"\\ud83d\"", "\"a\\udc00\\ud800b\"").Select(Encoding.UTF8.GetBytes)),
        (1, Gen.Int[1, 70].Select(depth => Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth)))),
        (1, Gen.Int[1, 70].Select(depth => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)))),
        (1, Gen.Int[0, 20_000].Select(length => Encoding.UTF8.GetBytes($"\"{new string('m', length)}\""))),
        (2, Gen.Byte.Array[1, 12].Select(bytes => new[] { (byte)'"' }.Concat(bytes.Select(b => (byte)(b | 0x80))).Append((byte)'"').ToArray())),
        (1, Gen.Byte.Array[1, 24]));

    /// <summary>A valid body from <paramref name="templates"/>, with none to three of the named fields replaced (none keeps some answers successful, so both paths are exercised).</summary>
    public static Gen<byte[]> Mutated(params (string Json, string[] Paths)[] templates) =>
        Gen.Select(Gen.Int[0, templates.Length - 1], Gen.Int[0, 1000].Array[0, 3], Value.Array[3])
            .Select((template, picks, values) => Splice(templates[template], picks, values));

    private static byte[] Splice((string Json, string[] Paths) template, int[] picks, byte[][] values)
    {
        var root = JsonNode.Parse(template.Json)!;
        var holes = new List<byte[]>();
        foreach (var (pick, i) in picks.Select((p, i) => (p, i)))
        {
            var path = template.Paths[pick % template.Paths.Length];
            if (!Set(root, path, $"{Hole}{holes.Count}")) continue;
            holes.Add(values[i]);
        }
        var text = root.ToJsonString();
        var found = holes
            .Select((bytes, i) => (Bytes: bytes, Marker: System.Text.Json.JsonSerializer.Serialize($"{Hole}{i}")))
            .Select(h => (h.Bytes, h.Marker, At: text.IndexOf(h.Marker, StringComparison.Ordinal)))
            .Where(h => h.At >= 0)
            .OrderBy(h => h.At);
        var body = new List<byte>();
        var at = 0;
        foreach (var (bytes, marker, position) in found)
        {
            body.AddRange(Encoding.UTF8.GetBytes(text[at..position]));
            body.AddRange(bytes);
            at = position + marker.Length;
        }
        body.AddRange(Encoding.UTF8.GetBytes(text[at..]));
        return body.ToArray();
    }

    /// <summary>Sets <c>a.b[0].c</c> (or adds its last property) to a string; false when the path no longer exists.</summary>
    private static bool Set(JsonNode root, string path, string value)
    {
        var steps = path.Replace("[", ".[", StringComparison.Ordinal).Split('.', StringSplitOptions.RemoveEmptyEntries);
        var node = root;
        for (var i = 0; i < steps.Length - 1; i++)
        {
            node = Step(node, steps[i]);
            if (node is null) return false;
        }
        var last = steps[^1];
        switch (node)
        {
            case JsonArray array when last.StartsWith('[') && int.Parse(last[1..^1]) is var index && index < array.Count:
                array[index] = value;
                return true;
            case JsonObject obj when !last.StartsWith('['):
                obj[last] = value;
                return true;
            default:
                return false;
        }
    }

    private static JsonNode? Step(JsonNode node, string step) => node switch
    {
        JsonArray array when step.StartsWith('[') && int.Parse(step[1..^1]) is var index && index < array.Count => array[index],
        JsonObject obj when !step.StartsWith('[') => obj[step],
        _ => null,
    };
}
