namespace Omnia.Voice.Conversation;

/// <summary>Whose fault an error is: the request's (it cannot be served as asked) or the server's.</summary>
public enum ConversationErrorKind
{
    InvalidRequest,
    Server,
}
