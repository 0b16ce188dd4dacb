using System.Text.Json.Nodes;
using Omnia.Voice.Conversation;

namespace Omnia.Server.Realtime;

/// <summary>One response's options: the session's, with <c>response.create</c>'s <c>response</c> overrides applied.</summary>
internal static class RealtimeResponseOptions
{
    public static ResponseOptions From(RealtimeSessionConfig session, JsonObject? overrides)
    {
        var options = new ResponseOptions
        {
            Audio = session.OutputModalities.Contains("audio"),
            Instructions = session.Instructions,
            Voice = session.Voice,
            Speed = session.Speed,
            OutputFormat = session.OutputFormat,
            MaxOutputTokens = session.MaxOutputTokens,
            Temperature = session.Temperature,
            Tools = session.Tools,
            ToolChoice = ToolChoiceOf(session.ToolChoice),
            Translation = session.Translation,
        };
        if (overrides is null) return options;

        if ((overrides["output_modalities"] ?? overrides["modalities"]) is JsonArray modalities)
            options = options with { Audio = modalities.Any(m => m?.GetValue<string>() == "audio") };
        if (overrides["instructions"] is JsonValue instructions) options = options with { Instructions = instructions.GetValue<string>() };
        if (overrides["voice"] is JsonValue voice) options = options with { Voice = voice.GetValue<string>() };
        if (overrides["audio"]?["output"]?["voice"] is JsonValue gaVoice) options = options with { Voice = gaVoice.GetValue<string>() };
        if (RealtimeAudioFormats.Parse(overrides["audio"]?["output"]?["format"]?["type"]?.GetValue<string>() ?? overrides["output_audio_format"]?.GetValue<string>()) is { } format)
            options = options with { OutputFormat = format };
        if ((overrides["max_output_tokens"] ?? overrides["max_response_output_tokens"]) is JsonValue max && max.TryGetValue<int>(out var tokens))
            options = options with { MaxOutputTokens = tokens };
        if (overrides["temperature"] is JsonValue temperature) options = options with { Temperature = temperature.GetValue<float>() };
        if (overrides["tool_choice"] is JsonValue choice) options = options with { ToolChoice = ToolChoiceOf(choice.GetValue<string>()) };
        if (overrides["conversation"] is JsonValue conversation)
        {
            var mode = conversation.GetValue<string>();
            if (mode is not ("auto" or "none"))
                throw new RealtimeProtocolException("invalid_value", "response.conversation must be 'auto' or 'none'.", "response.conversation");
            options = options with { InConversation = mode == "auto" };
        }
        if (overrides["input"] is JsonArray input) options = options with { Input = input.OfType<JsonObject>().Select(InputOf).ToList() };
        return options;
    }

    /// <summary>An <c>item_reference</c> to an item of the conversation, or a message of the response's own.</summary>
    private static ResponseInput InputOf(JsonObject json) => json["type"]?.GetValue<string>() == "item_reference"
        ? ResponseInput.Reference(json["id"]?.GetValue<string>())
        : ResponseInput.Inline(ConversationItem.Message("input", RealtimeItems.RoleOf(json["role"]?.GetValue<string>() ?? "user"),
            string.Join(' ', (json["content"] as JsonArray ?? []).Select(p => p?["text"]?.GetValue<string>()).Where(t => t is not null))));

    private static ToolChoice ToolChoiceOf(string choice) => choice switch
    {
        "none" => ToolChoice.None,
        "required" => ToolChoice.Required,
        _ => ToolChoice.Auto,
    };
}
