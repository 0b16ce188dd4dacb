namespace Omnia.Errors;

/// <summary>The prompt does not fit the model's context; OpenAI answers 400 with code <c>context_length_exceeded</c>.</summary>
/// <param name="atLeast">The prompt was measured without tokenizing it all, and has at least <paramref name="promptTokens"/> tokens.</param>
public sealed class ContextLengthExceededException(int promptTokens, int contextSize, bool atLeast = false)
    : InvalidRequestException(
        $"This model's maximum context length is {contextSize} tokens, but the messages came to {(atLeast ? "at least " : "")}{promptTokens} tokens.",
        "messages", "context_length_exceeded")
{
    public int PromptTokens { get; } = promptTokens;
    public int ContextSize { get; } = contextSize;
}
