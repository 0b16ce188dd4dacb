namespace Omnia.Chat;

/// <summary>Keys of <c>ChatOptions.AdditionalProperties</c> that Omnia's own callers and the chat engines agree on.</summary>
public static class ChatProperties
{
    /// <summary>
    /// A GBNF grammar (root rule <c>root</c>) the answer must follow. Only Omnia's own code sets it, with a constant
    /// grammar (the moderation guard's answer format); the HTTP API never passes one through.
    /// </summary>
    public const string Grammar = "omnia.grammar";

    /// <summary>
    /// Tokens of the context the answer must have room for (an <see cref="int"/>): an engine refuses a prompt that
    /// leaves less as too long (<c>ContextLengthExceededException</c>), so a conversation that truncates cuts before
    /// its answer is starved instead of after. The engine caps it at an eighth of its context.
    /// </summary>
    public const string AnswerRoom = "omnia.answer_room";
}
