namespace Omnia.Voice.Conversation;

/// <summary>
/// Something failed; the conversation goes on. <see cref="CorrelationId"/> names the command at fault, if one was;
/// <see cref="Cause"/> is the exception behind a server error, for the transport's log.
/// </summary>
public sealed record ErrorFrame(ConversationError Error, string? CorrelationId = null, Exception? Cause = null) : VoiceFrame;
