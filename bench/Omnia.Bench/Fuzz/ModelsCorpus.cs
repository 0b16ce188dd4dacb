using System.Text;

namespace Omnia.Bench.Fuzz;

/// <summary><c>GET /v1/models</c> and <c>/v1/models/{id}</c>: huge and odd ids, encoded path traversal, wrong methods.</summary>
public sealed class ModelsCorpus(string model) : IFuzzCorpus<FuzzRequest>
{
    private static readonly string[] OddIds =
    [
        "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "%00", "a%00b", "%ff%fe", "%ed%a0%80", "%c0%af",
        "%F0%9F%98%80", "con", "NUL", "..%5c..%5cwindows", "%252e%252e%252f", "stories260K%2F..%2F..", "a;b=c", "%0d%0aX-Injected:%201",
    ];

    public string Endpoint => "/v1/models";

    public IReadOnlyList<FuzzRequest> Findings { get; } =
    [
        new("finding:traversal", HttpMethod.Get, "v1/models/..%2F..%2F..%2Fetc%2Fpasswd"),
        new("finding:huge-id", HttpMethod.Get, "v1/models/" + new string('m', 60_000)),
    ];

    public FuzzRequest Next(Random random) => random.Next(7) switch
    {
        0 => new("valid:list", HttpMethod.Get, "v1/models"),
        1 => new("valid:get", HttpMethod.Get, "v1/models/" + Uri.EscapeDataString(model)),
        2 => new("id:odd", HttpMethod.Get, "v1/models/" + OddIds[random.Next(OddIds.Length)]),
        3 => new("id:huge", HttpMethod.Get, "v1/models/" + new string('m', 1 << random.Next(6, 16))),
        4 => new("id:random-bytes", HttpMethod.Get, "v1/models/" + RandomEscaped(random, random.Next(1, 200))),
        5 => new("method:wrong", random.Next(3) switch { 0 => HttpMethod.Post, 1 => HttpMethod.Delete, _ => HttpMethod.Put }, "v1/models",
            "{}"u8.ToArray(), "application/json"),
        _ => new("query:odd", HttpMethod.Get, "v1/models?limit=-1&after=" + RandomEscaped(random, random.Next(1, 100))),
    };

    private static string RandomEscaped(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        var text = new StringBuilder(length * 3);
        foreach (var b in bytes) text.Append('%').Append(b.ToString("X2"));
        return text.ToString();
    }
}
