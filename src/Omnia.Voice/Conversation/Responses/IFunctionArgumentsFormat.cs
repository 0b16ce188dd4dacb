namespace Omnia.Voice.Conversation;

/// <summary>
/// How a function call's arguments are written as text and read back (JSON, the transport's format): the
/// conversation keeps the text, as the client sees it, and gives the model the values.
/// </summary>
public interface IFunctionArgumentsFormat
{
    string Write(IDictionary<string, object?>? arguments);

    /// <exception cref="FormatException">The text is not arguments.</exception>
    IDictionary<string, object?>? Read(string text);
}
