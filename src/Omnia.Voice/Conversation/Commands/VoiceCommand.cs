namespace Omnia.Voice.Conversation;

/// <summary>
/// Something the conversation is asked to do. Commands are handled one at a time, in order, by the conversation's
/// loop; one that cannot be carried out comes back as an error frame with the same <see cref="CorrelationId"/>.
/// </summary>
public abstract record VoiceCommand
{
    private protected VoiceCommand()
    {
    }

    /// <summary>The caller's id for this command (a client event's id), echoed in the error it may cause.</summary>
    public string? CorrelationId { get; init; }
}
