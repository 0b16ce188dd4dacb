using Microsoft.Extensions.AI;
using Omnia.Chat;

namespace Omnia.Moderation;

/// <summary>Moderation by a Llama Guard 3 model served through the chat engine: one guard prompt in, one verdict out.</summary>
public sealed class LlamaGuardModerationClient(IChatClient guard) : IModerationClient
{
    public async Task<ModerationResult> ModerateAsync(IReadOnlyList<ChatMessage> conversation, CancellationToken cancellationToken = default)
    {
        var prompt = new ChatMessage(ChatRole.User, LlamaGuardProtocol.Prompt(conversation));
        var options = new ChatOptions
        {
            Temperature = 0,
            MaxOutputTokens = LlamaGuardProtocol.MaxAnswerTokens,
            AdditionalProperties = new() { [ChatProperties.Grammar] = LlamaGuardProtocol.AnswerGrammar },
        };
        var answer = await guard.GetResponseAsync([prompt], options, cancellationToken);
        return LlamaGuardProtocol.Parse(answer.Text);
    }
}
