using Omnia.Server.Realtime.Events.Client;
using Omnia.Voice.Conversation;

namespace Omnia.Server.Realtime;

/// <summary>One response's options: the session's, with <c>response.create</c>'s <c>response</c> overrides applied.</summary>
internal static class RealtimeResponseOptions
{
    public static ResponseOptions From(RealtimeSessionConfig session, RealtimeResponseParams? overrides)
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

        if ((overrides.OutputModalities ?? overrides.Modalities) is { } modalities) options = options with { Audio = modalities.Contains("audio") };
        if (overrides.Instructions is { } instructions) options = options with { Instructions = instructions };
        if ((overrides.Audio?.Output?.Voice ?? overrides.Voice) is { } voice) options = options with { Voice = voice };
        if (RealtimeAudioFormats.Parse(overrides.Audio?.Output?.Format?.Type ?? overrides.OutputAudioFormat) is { } format) options = options with { OutputFormat = format };
        if ((overrides.MaxOutputTokens ?? overrides.MaxResponseOutputTokens) is { } max) options = options with { MaxOutputTokens = max.Tokens };
        if (overrides.Temperature is { } temperature) options = options with { Temperature = temperature };
        if (overrides.ToolChoice is { } choice) options = options with { ToolChoice = ToolChoiceOf(choice) };
        if (overrides.Conversation is { } conversation)
        {
            if (conversation is not ("auto" or "none"))
                throw new RealtimeProtocolException("invalid_value", "response.conversation must be 'auto' or 'none'.", "response.conversation");
            options = options with { InConversation = conversation == "auto" };
        }
        if (overrides.Input is { } input) options = options with { Input = input.Select(InputOf).ToList() };
        return options;
    }

    /// <summary>An <c>item_reference</c> to an item of the conversation, or a message of the response's own.</summary>
    private static ResponseInput InputOf(ResponseInputParams input) => input.Type == "item_reference"
        ? ResponseInput.Reference(input.Id)
        : ResponseInput.Inline(ConversationItem.Message("input", RealtimeItems.RoleOf(input.Role ?? "user"),
            string.Join(' ', (input.Content ?? []).Select(p => p.Text).Where(t => t is not null))));

    private static ToolChoice ToolChoiceOf(string choice) => choice switch
    {
        "none" => ToolChoice.None,
        "required" => ToolChoice.Required,
        _ => ToolChoice.Auto,
    };
}
