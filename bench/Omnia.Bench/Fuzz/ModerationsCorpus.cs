using System.Text.Json.Nodes;

namespace Omnia.Bench.Fuzz;

/// <summary><c>POST /v1/moderations</c> (when the route exists): text or parts, wrong types, huge input.</summary>
public sealed class ModerationsCorpus(int maxBody) : IFuzzCorpus<FuzzRequest>
{
    private const string Path = "v1/moderations";

    public string Endpoint => "/" + Path;

    public IReadOnlyList<FuzzRequest> Findings { get; } = [];

    public FuzzRequest Next(Random random)
    {
        var body = new JsonObject { ["input"] = "I like dogs." };
        switch (random.Next(5))
        {
            case 0:
                return FuzzJson.Post("valid", Path, body);
            case 1:
            {
                var field = random.Next(2) == 0 ? "input" : "model";
                var (name, json) = FuzzJson.AnyWrongValue(random);
                body[field] = FuzzJson.Marker;
                return FuzzJson.Post($"type:{field}:{name}", Path, FuzzJson.Splice(body, json));
            }

            case 2:
                body["input"] = FuzzJson.Words(random, Math.Min(maxBody - 512, 1 << random.Next(10, 21)));
                return FuzzJson.Post("huge:input", Path, body);
            case 3:
                body["input"] = new JsonArray(Enumerable.Range(0, random.Next(0, 2000)).Select(i => (JsonNode)$"text {i}").ToArray());
                return FuzzJson.Post("array:many", Path, body);
            default:
                body["input"] = new JsonArray(new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = "data:image/png;base64,AAAA" } });
                return FuzzJson.Post("parts:bad-image", Path, body);
        }
    }
}
