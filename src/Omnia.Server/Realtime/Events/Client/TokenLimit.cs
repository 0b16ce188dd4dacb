using System.Text.Json;
using System.Text.Json.Serialization;

namespace Omnia.Server.Realtime.Events.Client;

/// <summary>A token limit a client gave: a number of tokens, or <c>"inf"</c> (<see cref="Tokens"/> null) for none.</summary>
internal sealed record TokenLimit(int? Tokens);

internal sealed class TokenLimitConverter : JsonConverter<TokenLimit>
{
    public override TokenLimit Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("inf"u8) ? new TokenLimit(null)
        : reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var tokens) ? new TokenLimit(tokens)
        : throw new JsonException("Expected an integer or \"inf\".");

    public override void Write(Utf8JsonWriter writer, TokenLimit value, JsonSerializerOptions options)
    {
        if (value.Tokens is { } tokens) writer.WriteNumberValue(tokens);
        else writer.WriteStringValue("inf");
    }
}
