using System.Text.Json;
using System.Text.Json.Nodes;

namespace Omnia.Tests;

/// <summary>
/// A Piper voice written for tests: an ONNX model with Piper's signature whose output reveals what it was given, and
/// a matching <c>.onnx.json</c>. The output is <c>scales / 10</c> (3 samples), then <c>sid / 1000</c> (1 sample, for a
/// multi-speaker voice), then each phoneme id <c>/ 1000</c>, then a tone of <c>input_lengths × length_scale × 100</c>
/// samples — so a test can read back the ids, scales and speaker the engine passed, and hear speed change the length.
/// </summary>
internal sealed class PiperTestVoice : IDisposable
{
    public const int SampleRate = 16000;
    public const int SamplesPerIdAtNormalSpeed = 100;
    public const float NoiseScale = 0.5f;
    public const float LengthScale = 1.2f;
    public const float NoiseWidth = 0.7f;

    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("omnia-piper-");

    public PiperTestVoice(int speakers = 1)
    {
        Speakers = speakers;
        ModelPath = Path.Combine(directory.FullName, $"xx_test-{speakers}.onnx");
        File.WriteAllBytes(ModelPath, Model(speakers > 1));
        File.WriteAllText(ConfigPath, Config().ToJsonString());
    }

    public int Speakers { get; }

    public string ModelPath { get; }

    public string ConfigPath => ModelPath + ".json";

    /// <summary>The phoneme ids of the config: every IPA symbol espeak-ng uses for English, plus punctuation and space.</summary>
    public static IReadOnlyDictionary<string, long> PhonemeIds { get; } = BuildPhonemeIds();

    /// <summary>The voice's config as JSON, to write broken variants of.</summary>
    public JsonObject Config()
    {
        var ids = new JsonObject();
        foreach (var (phoneme, id) in PhonemeIds)
        {
            ids[phoneme] = new JsonArray(id);
        }
        var config = new JsonObject
        {
            ["audio"] = new JsonObject { ["sample_rate"] = SampleRate, ["quality"] = "test" },
            ["espeak"] = new JsonObject { ["voice"] = "en-us" },
            ["inference"] = new JsonObject { ["noise_scale"] = NoiseScale, ["length_scale"] = LengthScale, ["noise_w"] = NoiseWidth },
            ["phoneme_type"] = "espeak",
            ["phoneme_id_map"] = ids,
            ["num_symbols"] = PhonemeIds.Count,
            ["num_speakers"] = Speakers,
        };
        if (Speakers > 1)
        {
            config["speaker_id_map"] = new JsonObject(Enumerable.Range(0, Speakers)
                .Select(i => KeyValuePair.Create($"speaker{i}", (JsonNode?)JsonValue.Create(i))));
        }
        return config;
    }

    public void WriteConfig(JsonNode config) => File.WriteAllText(ConfigPath, config.ToJsonString(new JsonSerializerOptions()));

    public void Dispose() => directory.Delete(recursive: true);

    private static byte[] Model(bool multiSpeaker)
    {
        var graph = new OnnxGraph()
            .Input("input", OnnxGraph.Int64, 1, "phonemes")
            .Input("input_lengths", OnnxGraph.Int64, 1)
            .Input("scales", OnnxGraph.Float, 3)
            .Constant("ten", 10f)
            .Constant("thousand", 1000f)
            .Constant("zero", 0f)
            .Constant("one", 1f)
            .Constant("step", 0.05f)
            .Constant("half", 0.5f)
            .Constant("per_id", SamplesPerIdAtNormalSpeed)
            .Constant("flat", [-1L])
            .Constant("length_index", [1L], vector: false)
            .Node("Div", ["scales", "ten"], "scales_out")
            .Node("Cast", ["input"], "ids_float", ("to", OnnxGraph.Float))
            .Node("Div", ["ids_float", "thousand"], "ids_scaled")
            .Node("Reshape", ["ids_scaled", "flat"], "ids_out")
            .Node("Cast", ["input_lengths"], "length_float", ("to", OnnxGraph.Float))
            .Node("Gather", ["scales", "length_index"], "length_scale", ("axis", 0))
            .Node("Mul", ["length_float", "length_scale"], "scaled_length")
            .Node("Mul", ["scaled_length", "per_id"], "tone_length_vector")
            .Node("Squeeze", ["tone_length_vector"], "tone_length")
            .Node("Range", ["zero", "tone_length", "one"], "time")
            .Node("Mul", ["time", "step"], "phase")
            .Node("Sin", ["phase"], "sine")
            .Node("Mul", ["sine", "half"], "tone");
        if (multiSpeaker)
        {
            graph.Input("sid", OnnxGraph.Int64, 1)
                .Node("Cast", ["sid"], "sid_float", ("to", OnnxGraph.Float))
                .Node("Div", ["sid_float", "thousand"], "sid_out")
                .Node("Concat", ["scales_out", "sid_out", "ids_out", "tone"], "output", ("axis", 0));
        }
        else
        {
            graph.Node("Concat", ["scales_out", "ids_out", "tone"], "output", ("axis", 0));
        }
        return graph.Output("output", OnnxGraph.Float, "samples").ToModel();
    }

    private static Dictionary<string, long> BuildPhonemeIds()
    {
        // Piper's own conventions: pad 0, start 1, end 2, space 3; then punctuation and IPA, one scalar each.
        string[] symbols = ["_", "^", "$", " ", "!", "'", "(", ")", ",", "-", ".", ":", ";", "?",
            .. "abcdefhijklmnopqrstuvwxyzæçðøħŋœɐɑɒɓɔɕɖɗɘəɚɛɜɞɟɠɡɢɣɤɥɦɧɨɪɫɬɭɮɯɰɱɲɳɴɵɶɸɹɺɻɽɾʀʁʂʃʄʈʉʊʋʌʍʎʏʐʑʒʔʕʘʙʛʜʝʟʡʢʲˈˌːˑ˞βθχᵻⱱ"
                .Select(c => c.ToString()),
            "\u0303", "\u0329", "\u032a", "\u032f", "\u0361"];
        return symbols.Select((symbol, index) => (symbol, index)).ToDictionary(p => p.symbol, p => (long)p.index);
    }
}
