using System.Text.Json;
using System.Text.Json.Serialization;

namespace Omnia.Server.Realtime.Events.Server;

/// <summary>A token limit as the Realtime API writes it: a number, or <c>"inf"</c> for none (null here).</summary>
internal sealed class InfOrIntegerConverter : JsonConverter<int?>
{
    public override bool HandleNull => true;

    public override int? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("inf"u8) ? null
        : reader.TokenType == JsonTokenType.Number ? reader.GetInt32()
        : throw new JsonException("Expected an integer or \"inf\".");

    public override void Write(Utf8JsonWriter writer, int? value, JsonSerializerOptions options)
    {
        if (value is { } n) writer.WriteNumberValue(n);
        else writer.WriteStringValue("inf");
    }
}
