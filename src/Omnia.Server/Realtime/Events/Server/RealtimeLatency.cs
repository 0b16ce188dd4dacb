using System.Text.Json;
using System.Text.Json.Serialization;
using Omnia.Voice.Conversation;

namespace Omnia.Server.Realtime.Events.Server;

/// <summary>
/// A turn's latency trace as <c>response.omnia.latency</c> shows it: <c>audio_end_ms</c>, <c>speculative</c>, then
/// each stage reached as <c>STAGE_ms</c>, in milliseconds after the end of speech, in the order reached.
/// </summary>
[JsonConverter(typeof(RealtimeLatencyConverter))]
internal sealed record RealtimeLatency(double AudioEndMs, bool Speculative, IReadOnlyList<KeyValuePair<string, double>> Marks)
{
    /// <summary>The stages the trace has reached so far.</summary>
    public static RealtimeLatency Of(LatencyTrace trace) => new(trace.AudioEndMs, trace.Speculative, trace.Marks);
}

/// <summary>Writes the stages as properties of their own; reads them back the same way.</summary>
internal sealed class RealtimeLatencyConverter : JsonConverter<RealtimeLatency>
{
    public override RealtimeLatency Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("A latency trace is an object.");
        double audioEndMs = 0;
        var speculative = false;
        var marks = new List<KeyValuePair<string, double>>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            switch (name)
            {
                case "audio_end_ms": audioEndMs = reader.GetDouble(); break;
                case "speculative": speculative = reader.GetBoolean(); break;
                default:
                    if (name.EndsWith("_ms", StringComparison.Ordinal)) marks.Add(new(name[..^3], reader.GetDouble()));
                    else reader.Skip();
                    break;
            }
        }
        return new RealtimeLatency(audioEndMs, speculative, marks);
    }

    public override void Write(Utf8JsonWriter writer, RealtimeLatency value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber("audio_end_ms", value.AudioEndMs);
        writer.WriteBoolean("speculative", value.Speculative);
        foreach (var (stage, ms) in value.Marks) writer.WriteNumber(stage + "_ms", Math.Round(ms, 1));
        writer.WriteEndObject();
    }
}
