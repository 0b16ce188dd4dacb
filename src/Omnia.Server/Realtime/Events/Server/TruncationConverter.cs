using System.Text.Json;
using System.Text.Json.Serialization;
using Omnia.Voice.Conversation;

namespace Omnia.Server.Realtime.Events.Server;

/// <summary>The session's <c>truncation</c>: <c>"auto"</c>, <c>"disabled"</c>, or <c>{"type": "retention_ratio", "retention_ratio": r}</c>.</summary>
internal sealed class TruncationConverter : JsonConverter<ConversationTruncation>
{
    public override ConversationTruncation Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
            return reader.ValueTextEquals("disabled"u8) ? ConversationTruncation.Disabled : ConversationTruncation.Auto;
        using var document = JsonDocument.ParseValue(ref reader);
        return new ConversationTruncation(document.RootElement.GetProperty("retention_ratio").GetDouble());
    }

    public override void Write(Utf8JsonWriter writer, ConversationTruncation value, JsonSerializerOptions options)
    {
        if (value == ConversationTruncation.Auto) writer.WriteStringValue("auto");
        else if (!value.IsEnabled) writer.WriteStringValue("disabled");
        else
        {
            writer.WriteStartObject();
            writer.WriteString("type", "retention_ratio");
            writer.WriteNumber("retention_ratio", value.RetentionRatio);
            writer.WriteEndObject();
        }
    }
}
