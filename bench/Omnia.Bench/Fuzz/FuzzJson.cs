using System.Text;
using System.Text.Json.Nodes;

namespace Omnia.Bench.Fuzz;

/// <summary>
/// JSON bodies for the corpora: built as <see cref="JsonNode"/>s, then with raw text spliced in where a value must be
/// something a serializer never writes (invalid UTF-8, lone surrogates, <c>NaN</c>, 100 000-deep nesting).
/// </summary>
public static class FuzzJson
{
    /// <summary>Values of every JSON type and some edge numbers, as raw JSON text, named for the case labels.</summary>
    public static IReadOnlyList<(string Name, string Json)> WrongValues { get; } =
    [
        ("null", "null"), ("int", "5"), ("negative", "-1"), ("zero", "0"), ("fraction", "1.5"), ("true", "true"),
        ("string", "\"abc\""), ("empty-string", "\"\""), ("array", "[]"), ("object", "{}"), ("array-of-null", "[null]"),
        ("max-double", "1e308"), ("min-double", "-1e308"), ("overflow-int", "99999999999999999999999"),
        ("overflow-double", "1e999"), ("nan-string", "\"NaN\""), ("infinity-string", "\"Infinity\""),
        ("nan-literal", "NaN"), ("infinity-literal", "Infinity"), ("minus-infinity-literal", "-Infinity"),
        ("nested-array", "[[[[[]]]]]"), ("nested-object", "{\"a\":{\"b\":{\"c\":{}}}}"),
    ];

    /// <summary>Raw bytes that are not UTF-8: a lone continuation byte, an overlong slash, a truncated sequence, 0xFF.</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> InvalidUtf8 { get; } =
    [
        ("continuation", [0x80]), ("overlong", [0xC0, 0xAF]), ("truncated", [0xE2, 0x82]), ("ff", [0xFF, 0xFE]),
        ("surrogate-encoded", [0xED, 0xA0, 0x80]), ("above-max", [0xF4, 0x90, 0x80, 0x80]),
    ];

    /// <summary>Lone surrogates written as JSON escapes, which a UTF-16 string keeps and UTF-8 cannot encode.</summary>
    public static IReadOnlyList<(string Name, string Escape)> LoneSurrogates { get; } =
    [
        ("high", "\\ud800"), ("low", "\\udfff"), ("high-then-letter", "\\ud83dA"), ("reversed-pair", "\\ude00\\ud83d"),
    ];

    /// <summary>The placeholder a raw value replaces; set a node to it, then <see cref="Splice"/>.</summary>
    public const string Marker = "FUZZ_RAW_VALUE_MARKER";

    public static (string Name, string Json) AnyWrongValue(Random random) => WrongValues[random.Next(WrongValues.Count)];

    /// <summary>Serializes <paramref name="body"/> with the quoted <see cref="Marker"/> replaced by <paramref name="raw"/>.</summary>
    public static byte[] Splice(JsonNode body, byte[] raw)
    {
        var json = Encoding.UTF8.GetBytes(body.ToJsonString());
        var marker = Encoding.UTF8.GetBytes($"\"{Marker}\"");
        var at = json.AsSpan().IndexOf(marker);
        if (at < 0)
        {
            throw new InvalidOperationException("The body has no marker to splice into.");
        }

        return [.. json.AsSpan(0, at), .. raw, .. json.AsSpan(at + marker.Length)];
    }

    public static byte[] Splice(JsonNode body, string raw) => Splice(body, Encoding.UTF8.GetBytes(raw));

    /// <summary>A JSON string whose middle holds raw bytes: <c>"ab&lt;bytes&gt;cd"</c>.</summary>
    public static byte[] StringAround(byte[] middle) => [.. "\"ab"u8, .. middle, .. "cd\""u8];

    /// <summary>A value nested <paramref name="depth"/> times: <c>[[[…]]]</c> or <c>{"a":{"a":…}}</c>.</summary>
    public static string Nested(int depth, bool objects)
    {
        var text = new StringBuilder(depth * (objects ? 6 : 2));
        for (var i = 0; i < depth; i++) text.Append(objects ? "{\"a\":" : "[");
        text.Append('1');
        for (var i = 0; i < depth; i++) text.Append(objects ? '}' : ']');
        return text.ToString();
    }

    /// <summary>Words, so a huge string tokenizes like text rather than one repeated token.</summary>
    public static string Words(Random random, int length)
    {
        var words = new[] { "once", "upon", "a", "time", "there", "was", "little", "dog", "sun", "happy", "ran", "the" };
        var text = new StringBuilder(length + 8);
        while (text.Length < length) text.Append(words[random.Next(words.Length)]).Append(' ');
        return text.ToString(0, length);
    }

    /// <summary>A body from text as the corpora send it: UTF-8, JSON content type.</summary>
    public static FuzzRequest Post(string @case, string path, byte[] body, string contentType = "application/json") =>
        new(@case, HttpMethod.Post, path, body, contentType);

    public static FuzzRequest Post(string @case, string path, JsonNode body) =>
        Post(@case, path, Encoding.UTF8.GetBytes(body.ToJsonString()));
}
