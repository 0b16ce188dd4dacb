using System.Text.Json.Nodes;

namespace Omnia.Bench.Fuzz;

/// <summary><c>POST /v1/audio/speech</c>: a short valid sentence, then one mutation: wrong types, huge input, NaN speed, unknown voice or format.</summary>
public sealed class SpeechCorpus(int maxBody) : IFuzzCorpus<FuzzRequest>
{
    private const string Path = "v1/audio/speech";
    private static readonly string[] Fields = ["model", "input", "voice", "instructions", "response_format", "speed", "stream_format"];

    public string Endpoint => "/" + Path;

    public IReadOnlyList<FuzzRequest> Findings { get; } =
    [
        FuzzJson.Post("finding:speed-nan", Path, FuzzJson.Splice(With("speed", FuzzJson.Marker), "NaN")),
        FuzzJson.Post("finding:speed-nan-string", Path, With("speed", "NaN")),
        FuzzJson.Post("finding:voice-unknown", Path, With("voice", "no-such-voice")),
        FuzzJson.Post("finding:response_format-unknown", Path, With("response_format", "xyz")),
    ];

    public FuzzRequest Next(Random random)
    {
        switch (random.Next(6))
        {
            case 0:
                return FuzzJson.Post("valid", Path, Valid());
            case 1:
            case 2:
            {
                var field = Fields[random.Next(Fields.Length)];
                var (name, json) = FuzzJson.AnyWrongValue(random);
                return FuzzJson.Post($"type:{field}:{name}", Path, FuzzJson.Splice(With(field, FuzzJson.Marker), json));
            }

            case 3:
            {
                var (name, field, value) = random.Next(6) switch
                {
                    0 => ("voice-unknown", "voice", "v" + random.Next(1000)),
                    1 => ("voice-odd", "voice", random.Next(2) == 0 ? "../../etc/passwd" : "en-us+f3;rm -rf /"),
                    2 => ("format-unknown", "response_format", "fmt" + random.Next(1000)),
                    3 => ("stream_format-unknown", "stream_format", "xyz"),
                    4 => ("model-unknown", "model", "no-such-model"),
                    _ => ("input-empty", "input", ""),
                };
                return FuzzJson.Post($"value:{name}", Path, With(field, value));
            }

            case 4:
            {
                // Speech costs time per character, so most huge inputs stay moderate; a few go to the body limit.
                var length = random.Next(10) == 0 ? Math.Min(maxBody - 512, 1 << 20) : 1 << random.Next(10, 15);
                return FuzzJson.Post("huge:input", Path, With("input", FuzzJson.Words(random, length)));
            }

            default:
            {
                var (name, speed) = random.Next(6) switch
                {
                    0 => ("zero", "0"), 1 => ("negative", "-1"), 2 => ("huge", "1e308"), 3 => ("infinity-literal", "Infinity"),
                    4 => ("tiny", "1e-30"), _ => ("above-max", "4.01"),
                };
                return FuzzJson.Post($"speed:{name}", Path, FuzzJson.Splice(With("speed", FuzzJson.Marker), speed));
            }
        }
    }

    private static JsonObject Valid() => new() { ["model"] = "tts-1", ["input"] = "Hello there.", ["voice"] = "alloy", ["response_format"] = "wav" };

    private static JsonObject With(string field, string value)
    {
        var body = Valid();
        body[field] = value;
        return body;
    }
}
