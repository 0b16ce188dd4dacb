using CsCheck;

namespace Omnia.Engines.Llama.Tests.Grammar;

/// <summary>
/// Random JSON schemas as text, hostile on purpose: every type and keyword the compiler reads, nested objects and
/// arrays, enums and anyOf (empty too), $defs that refer to themselves and each other with and without a base case,
/// bounds that are negative, huge, fractional or crossed, and keywords of the wrong JSON type.
/// </summary>
internal static class RandomSchemas
{
    private const int Depth = 3;

    private static readonly Gen<string> Count = Gen.Frequency(
        (8, Gen.Int[0, 4].Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (2, Gen.Int[995, 1005].Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (2, Gen.Int[1995, 2005].Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (1, Gen.OneOf(Gen.Const("-1"), Gen.Const("-3"), Gen.Const("1.5"), Gen.Const("\"3\""), Gen.Const("true"),
            Gen.Const("1e400"), Gen.Const("5000"), Gen.Const("4294967297"), Gen.Const("null"))));

    private static readonly Gen<string> Name = Gen.OneOf(
        Gen.Const("a"), Gen.Const("b"), Gen.Const("name"), Gen.Const("a b"), Gen.Const("é"), Gen.Const("\\\"q"), Gen.Const("x_y-z"), Gen.Const(""));

    private static readonly Gen<string> Value = Gen.OneOf(
        Gen.Const("1"), Gen.Const("\"red\""), Gen.Const("null"), Gen.Const("true"), Gen.Const("[1,2]"), Gen.Const("{\"k\": \"v\"}"), Gen.Const("\"a\\nb\""), Gen.Const("-2.5e3"));

    private static readonly Gen<string> Reference = Gen.Int[0, 3].Select(i => i == 3 ? "{\"$ref\":\"#/$defs/missing\"}" : $"{{\"$ref\":\"#/$defs/d{i}\"}}");

    private static readonly Gen<string> Leaf = Gen.Frequency(
        (4, Gen.Select(Gen.Bool, Count, Gen.Bool, Count, (hasMin, min, hasMax, max) =>
            "{\"type\":\"string\"" + (hasMin ? $",\"minLength\":{min}" : "") + (hasMax ? $",\"maxLength\":{max}" : "") + "}")),
        (3, Gen.OneOf(Gen.Const("{\"type\":\"number\"}"), Gen.Const("{\"type\":\"integer\"}"), Gen.Const("{\"type\":\"boolean\"}"),
            Gen.Const("{\"type\":\"null\"}"), Gen.Const("{}"), Gen.Const("true"), Gen.Const("{\"type\":[\"string\",\"null\"]}"))),
        (3, Value.Array[0, 4].Select(values => $"{{\"enum\":[{string.Join(",", values)}]}}")),
        (1, Gen.Int[250, 300].Select(n => $"{{\"enum\":[{string.Join(",", Enumerable.Range(0, n))}]}}")),
        (2, Value.Select(v => $"{{\"const\":{v}}}")),
        (4, Reference),
        (2, Gen.OneOf(Gen.Const("false"), Gen.Const("{\"type\":[]}"), Gen.Const("{\"anyOf\":[]}"), Gen.Const("{\"type\":5}"),
            Gen.Const("{\"enum\":\"abc\"}"), Gen.Const("{\"$ref\":5}"), Gen.Const("{\"type\":\"strin\"}"), Gen.Const("{\"allOf\":[]}"),
            Gen.Const("[]"), Gen.Const("3"))));

    /// <summary>A schema with $defs d0..d2 at its root that its parts may refer to.</summary>
    public static readonly Gen<string> Schema = Gen.Select(Nested(Depth), Nested(Depth - 1).Array[3], (root, defs) =>
    {
        var definitions = $"\"$defs\":{{\"d0\":{defs[0]},\"d1\":{defs[1]},\"d2\":{defs[2]}}}";
        return root == "{}" ? $"{{{definitions}}}"
            : root.StartsWith('{') ? $"{{{definitions},{root[1..]}" : root;
    });

    private static Gen<string> Nested(int depth)
    {
        if (depth == 0) return Leaf;
        var child = Nested(depth - 1);
        var properties = Gen.Select(Name, child, (name, schema) => $"\"{name}\":{schema}").Array[0, 3];
        var required = Gen.Frequency(
            (6, Name.Array[0, 3].Select(names => $",\"required\":[{string.Join(",", names.Select(n => $"\"{n}\""))}]")),
            (3, Gen.Const("")),
            (1, Gen.OneOf(Gen.Const(",\"required\":\"a\""), Gen.Const(",\"required\":[1]"))));
        return Gen.Frequency(
            (3, Leaf),
            (3, Gen.Select(properties, required, (p, r) => $"{{\"type\":\"object\",\"properties\":{{{string.Join(",", p.DistinctBy(x => x.Split(':')[0]))}}}{r}}}")),
            (1, Gen.OneOf(Gen.Const("{\"type\":\"object\",\"properties\":3}"), Gen.Const("{\"type\":\"object\"}"))),
            (3, Gen.Select(child, Gen.Bool, Count, Gen.Bool, Count, (items, hasMin, min, hasMax, max) =>
                $"{{\"type\":\"array\",\"items\":{items}" + (hasMin ? $",\"minItems\":{min}" : "") + (hasMax ? $",\"maxItems\":{max}" : "") + "}")),
            (1, Gen.Const("{\"type\":\"array\",\"items\":\"x\"}")),
            (2, child.Array[1, 3].Select(branches => $"{{\"anyOf\":[{string.Join(",", branches)}]}}")),
            (1, child.Array[1, 2].Select(branches => $"{{\"oneOf\":[{string.Join(",", branches)}]}}")));
    }
}
