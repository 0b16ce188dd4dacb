using Microsoft.Extensions.AI;
using Omnia.Audio;

namespace Omnia.Voice.Conversation;

/// <summary>Work the conversation's own tasks hand back to its loop, in the same queue as the caller's commands.</summary>
internal abstract record LoopMessage : VoiceCommand;

/// <summary>What a response's task produced, for the loop to apply (or hold, while the response is speculative).</summary>
internal abstract record ResponseProgress(ActiveResponse Response) : LoopMessage;

/// <summary>A text answer's delta, or the words about to be spoken.</summary>
internal sealed record ResponseTextProduced(ActiveResponse Response, string Text) : ResponseProgress(Response);

/// <summary>The audio of <paramref name="Clause"/>, 24 kHz.</summary>
internal sealed record ResponseAudioProduced(ActiveResponse Response, string Clause, PcmAudio Audio) : ResponseProgress(Response);

internal sealed record ResponseCalledFunction(ActiveResponse Response, FunctionCallContent Call) : ResponseProgress(Response);

/// <summary>A server tool call (its item, in progress) is about to be made.</summary>
internal sealed record ResponseToolCallStarted(ActiveResponse Response, ConversationItem Call) : ResponseProgress(Response);

/// <summary>The server tool call <paramref name="ItemId"/> ended with <paramref name="Result"/>.</summary>
internal sealed record ResponseToolCallFinished(ActiveResponse Response, string ItemId, ToolResult Result) : ResponseProgress(Response);

/// <summary>The model called a server tool whose calls wait for the client's approval: the request's item.</summary>
internal sealed record ResponseAskedApproval(ActiveResponse Response, ConversationItem Request) : ResponseProgress(Response);

internal sealed record ResponseUsageReported(ActiveResponse Response, UsageDetails Usage) : ResponseProgress(Response);

/// <summary>The task ended: finished, cancelled, or failed with <paramref name="Failure"/>.</summary>
internal sealed record ResponseEnded(ActiveResponse Response, ConversationError? Failure = null, Exception? Cause = null) : ResponseProgress(Response);

/// <summary>A committed turn's final transcript (or why there is none).</summary>
internal sealed record TranscriptReady(UserTurn Turn, string Transcript, Exception? Failure) : LoopMessage;

/// <summary>The caller is done: the loop ends after what came before.</summary>
internal sealed record CloseConversation : LoopMessage;

/// <summary>A response began: announced when it is released.</summary>
internal sealed record ResponseStarted(ActiveResponse Response) : LoopMessage;

/// <summary>
/// Recognition decoded more of the user's words, or a model scored them: a turn decision that waited for them is
/// made now, even when no more audio comes (a client that sent its audio at once).
/// </summary>
internal sealed record HeardMore : LoopMessage;

/// <summary>The idle timeout's wait number <paramref name="Generation"/> ran out.</summary>
internal sealed record IdleElapsed(long Generation) : LoopMessage;
