namespace Omnia.Voice.Conversation;

/// <summary>Starts a response, made as <see cref="Options"/> says (the conversation's defaults when null).</summary>
public sealed record CreateResponse(ResponseOptions? Options) : VoiceCommand;
