using System.Text.Json;
using Omnia.Models;

namespace Omnia.Engines.Onnx.Piper;

/// <summary>A Piper voice's <c>.onnx.json</c>: what its model was trained on and how to drive it.</summary>
/// <param name="SampleRate">The rate of the audio the model produces.</param>
/// <param name="EspeakVoice">The espeak-ng voice whose phonemes the model was trained on, e.g. <c>en-us</c>.</param>
/// <param name="PhonemeIds">Each phoneme (one Unicode scalar) and the ids it stands for.</param>
/// <param name="Speakers">Speaker names and ids of a multi-speaker voice; empty for a single speaker.</param>
internal sealed record PiperVoiceConfig(
    int SampleRate,
    string EspeakVoice,
    float NoiseScale,
    float LengthScale,
    float NoiseWidth,
    IReadOnlyDictionary<string, long[]> PhonemeIds,
    int SpeakerCount,
    IReadOnlyDictionary<string, long> Speakers)
{
    /// <summary>Marks the start of a sentence.</summary>
    public const string Bos = "^";

    /// <summary>Marks the end of a sentence.</summary>
    public const string Eos = "$";

    /// <summary>Goes between phonemes.</summary>
    public const string Pad = "_";

    private const long MaxConfigBytes = 4 << 20;

    /// <exception cref="InvalidModelFileException">The file is missing, not JSON, or lacks what Piper needs.</exception>
    public static PiperVoiceConfig Read(string path)
    {
        if (ModelFile.Resolve(path) is not { } file)
        {
            throw new InvalidModelFileException(path, "the Piper voice config (.onnx.json) does not exist; it comes with the .onnx file.");
        }
        // Judged by what a link points to: the link's own size says nothing about what would be read.
        if (file.Length > MaxConfigBytes)
        {
            throw new InvalidModelFileException(path, "it is too large to be a Piper voice config.");
        }
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return Parse(path, document.RootElement);
        }
        catch (JsonException e)
        {
            throw new InvalidModelFileException(path, $"it is not valid JSON ({e.Message}).", e);
        }
    }

    private static PiperVoiceConfig Parse(string path, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidModelFileException(path, "it is not a Piper voice config (a JSON object).");
        }
        var phonemeType = String(root, "phoneme_type") ?? "espeak";
        if (phonemeType != "espeak")
        {
            throw new InvalidModelFileException(path, $"its phoneme_type is '{phonemeType}'; Omnia runs Piper voices trained on espeak phonemes.");
        }
        var sampleRate = Object(root, "audio") is { } audio && Number(audio, "sample_rate") is { } rate ? (int)rate : 0;
        if (sampleRate is < 8000 or > 96000)
        {
            throw new InvalidModelFileException(path, "its audio.sample_rate is missing or outside 8000–96000 Hz.");
        }
        var voice = Object(root, "espeak") is { } espeak ? String(espeak, "voice") : null;
        if (string.IsNullOrWhiteSpace(voice))
        {
            throw new InvalidModelFileException(path, "it names no espeak.voice to phonemize with.");
        }
        var inference = Object(root, "inference");
        var ids = PhonemeIdMap(path, root);
        var speakers = new Dictionary<string, long>(StringComparer.Ordinal);
        if (Object(root, "speaker_id_map") is { } speakerMap)
        {
            foreach (var speaker in speakerMap.EnumerateObject())
            {
                if (speaker.Value.ValueKind == JsonValueKind.Number && speaker.Value.TryGetInt64(out var id))
                {
                    speakers[speaker.Name] = id;
                }
            }
        }
        var speakerCount = Number(root, "num_speakers") is { } count ? (int)count : 1;
        if (speakerCount < 1)
        {
            throw new InvalidModelFileException(path, $"its num_speakers is {speakerCount}.");
        }
        return new PiperVoiceConfig(
            sampleRate,
            voice,
            Scale(path, inference, "noise_scale", 0.667f),
            Scale(path, inference, "length_scale", 1f),
            Scale(path, inference, "noise_w", 0.8f),
            ids,
            speakerCount,
            speakers);
    }

    private static Dictionary<string, long[]> PhonemeIdMap(string path, JsonElement root)
    {
        var map = new Dictionary<string, long[]>(StringComparer.Ordinal);
        if (Object(root, "phoneme_id_map") is { } ids)
        {
            foreach (var entry in ids.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.Array || entry.Value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number))
                {
                    throw new InvalidModelFileException(path, $"phoneme_id_map['{entry.Name}'] is not a list of ids.");
                }
                map[entry.Name] = entry.Value.EnumerateArray().Select(v => v.GetInt64()).ToArray();
            }
        }
        var missing = new[] { Bos, Eos, Pad }.Where(symbol => !map.ContainsKey(symbol)).ToList();
        if (map.Count == 0 || missing.Count > 0)
        {
            throw new InvalidModelFileException(path,
                $"its phoneme_id_map is missing or lacks {string.Join(", ", missing.Select(m => $"'{m}'"))} (start, end and pad symbols).");
        }
        return map;
    }

    private static float Scale(string path, JsonElement? inference, string name, float fallback)
    {
        if (inference is not { } section || Number(section, name) is not { } value)
        {
            return fallback;
        }
        if (!double.IsFinite(value) || value <= 0 || value > 10)
        {
            throw new InvalidModelFileException(path, $"its inference.{name} is {value}; it must be a positive number.");
        }
        return (float)value;
    }

    private static JsonElement? Object(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    private static string? String(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double? Number(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
