using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Omnia.Server.Realtime;

/// <summary>One response's settings: the session's, with <c>response.create</c>'s overrides applied.</summary>
internal sealed record ResponseSettings
{
    public bool Audio { get; init; }
    public string Instructions { get; init; } = "";
    public string Voice { get; init; } = "alloy";
    public float? Speed { get; init; }
    public RealtimeAudioFormat OutputFormat { get; init; }
    public int? MaxOutputTokens { get; init; }
    public float? Temperature { get; init; }
    public IReadOnlyList<AIFunctionDeclaration> Tools { get; init; } = [];
    public string ToolChoice { get; init; } = "auto";

    /// <summary>False for out-of-band answers (<c>conversation: "none"</c>): nothing is added to the conversation.</summary>
    public bool InConversation { get; init; } = true;

    public TranslationPreset? Translation { get; init; }

    public static ResponseSettings From(RealtimeSessionConfig session, JsonObject? overrides)
    {
        var settings = new ResponseSettings
        {
            Audio = session.OutputModalities.Contains("audio"),
            Instructions = session.Instructions,
            Voice = session.Voice,
            Speed = session.Speed,
            OutputFormat = session.OutputFormat,
            MaxOutputTokens = session.MaxOutputTokens,
            Temperature = session.Temperature,
            Tools = session.Tools,
            ToolChoice = session.ToolChoice,
            Translation = session.Translation,
        };
        if (overrides is null) return settings;

        if ((overrides["output_modalities"] ?? overrides["modalities"]) is JsonArray modalities)
            settings = settings with { Audio = modalities.Any(m => m?.GetValue<string>() == "audio") };
        if (overrides["instructions"] is JsonValue instructions) settings = settings with { Instructions = instructions.GetValue<string>() };
        if (overrides["voice"] is JsonValue voice) settings = settings with { Voice = voice.GetValue<string>() };
        if (overrides["audio"]?["output"]?["voice"] is JsonValue gaVoice) settings = settings with { Voice = gaVoice.GetValue<string>() };
        if (RealtimeAudioFormats.Parse(overrides["audio"]?["output"]?["format"]?["type"]?.GetValue<string>() ?? overrides["output_audio_format"]?.GetValue<string>()) is { } format)
            settings = settings with { OutputFormat = format };
        if ((overrides["max_output_tokens"] ?? overrides["max_response_output_tokens"]) is JsonValue max && max.TryGetValue<int>(out var tokens))
            settings = settings with { MaxOutputTokens = tokens };
        if (overrides["temperature"] is JsonValue temperature) settings = settings with { Temperature = temperature.GetValue<float>() };
        if (overrides["tool_choice"] is JsonValue choice) settings = settings with { ToolChoice = choice.GetValue<string>() };
        if (overrides["conversation"] is JsonValue conversation)
        {
            var mode = conversation.GetValue<string>();
            if (mode is not ("auto" or "none"))
                throw new RealtimeProtocolException("invalid_value", "response.conversation must be 'auto' or 'none'.", "response.conversation");
            settings = settings with { InConversation = mode == "auto" };
        }
        return settings;
    }
}
