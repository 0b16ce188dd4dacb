namespace Omnia.Chat;

/// <summary>Keys of <c>ChatOptions.AdditionalProperties</c> that Omnia's own callers and the chat engines agree on.</summary>
public static class ChatProperties
{
    /// <summary>
    /// A GBNF grammar (root rule <c>root</c>) the answer must follow. Only Omnia's own code sets it, with a constant
    /// grammar (the moderation guard's answer format); the HTTP API never passes one through.
    /// </summary>
    public const string Grammar = "omnia.grammar";
}
