using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Omnia.Moderation;

namespace Omnia.Server.Moderation;

/// <summary>
/// A chat model's guardrails: the last user message is checked by the guard model before the model sees it, and the
/// answer before the client sees it. <c>refuse</c> stops flagged input (<see cref="ContentPolicyViolationException"/>)
/// and replaces a flagged answer by a refusal ending in <see cref="ChatFinishReason.ContentFilter"/>; <c>flag</c>
/// logs and counts and lets everything through.
/// </summary>
/// <remarks>
/// Chat completions and realtime sessions reach a model through the same client, so both are guarded alike. In
/// <c>refuse</c> mode for output a stream is held back until the whole answer is checked (a flagged answer must not
/// have reached the client); in <c>flag</c> mode it streams as usual and is checked when it ends. A guard that cannot
/// answer fails the request in <c>refuse</c> mode (fail closed) and is only logged in <c>flag</c> mode.
/// </remarks>
public sealed partial class ModerationChatClient(
    IChatClient inner, IModerationClient guard, Guardrail guardrail, string modelId, ModerationMetrics metrics, ILogger logger)
    : DelegatingChatClient(inner)
{
    /// <summary>What the client gets in place of an answer the guardrail refused.</summary>
    public const string Refusal = "I can't help with that: the answer was withheld by the content policy.";

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var conversation = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        await CheckInputAsync(conversation, cancellationToken);
        var response = await base.GetResponseAsync(conversation, options, cancellationToken);
        if (await IsRefusedOutputAsync(conversation, response.Text, cancellationToken))
        {
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, Refusal))
            {
                FinishReason = ChatFinishReason.ContentFilter,
                Usage = response.Usage,
                ResponseId = response.ResponseId,
                CreatedAt = response.CreatedAt,
                ModelId = response.ModelId,
            };
        }
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var conversation = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        await CheckInputAsync(conversation, cancellationToken);

        var holdBack = guardrail.Output == GuardrailMode.Refuse;
        var held = new List<ChatResponseUpdate>();
        var text = new StringBuilder();
        await foreach (var update in base.GetStreamingResponseAsync(conversation, options, cancellationToken))
        {
            text.Append(update.Text);
            if (holdBack) held.Add(update);
            else yield return update;
        }

        if (!await IsRefusedOutputAsync(conversation, text.ToString(), cancellationToken))
        {
            foreach (var update in held) yield return update;
            yield break;
        }
        yield return new ChatResponseUpdate(ChatRole.Assistant, Refusal)
        {
            FinishReason = ChatFinishReason.ContentFilter,
            ResponseId = held.FirstOrDefault()?.ResponseId,
            CreatedAt = held.FirstOrDefault()?.CreatedAt,
        };
        var usage = held.SelectMany(u => u.Contents).OfType<UsageContent>().ToList();
        if (usage.Count > 0)
            yield return new ChatResponseUpdate(ChatRole.Assistant, [.. usage]);
    }

    private async Task CheckInputAsync(IReadOnlyList<ChatMessage> conversation, CancellationToken cancellationToken)
    {
        if (guardrail.Input == GuardrailMode.Off)
            return;
        // Llama Guard judges the last user message in the light of what came before it.
        var lastUser = conversation.Count - 1;
        while (lastUser >= 0 && conversation[lastUser].Role != ChatRole.User) lastUser--;
        if (lastUser < 0)
            return;

        var result = await ModerateAsync(conversation.Take(lastUser + 1).ToList(), guardrail.Input, "input", cancellationToken);
        if (result is { Flagged: true } && guardrail.Input == GuardrailMode.Refuse)
            throw new ContentPolicyViolationException(result);
    }

    private async Task<bool> IsRefusedOutputAsync(IReadOnlyList<ChatMessage> conversation, string answer, CancellationToken cancellationToken)
    {
        if (guardrail.Output == GuardrailMode.Off || answer.Length == 0)
            return false;
        var result = await ModerateAsync([.. conversation, new ChatMessage(ChatRole.Assistant, answer)], guardrail.Output, "output", cancellationToken);
        return result is { Flagged: true } && guardrail.Output == GuardrailMode.Refuse;
    }

    /// <summary>The guard's verdict, logged and counted when flagged; null when the guard failed in <c>flag</c> mode.</summary>
    private async Task<ModerationResult?> ModerateAsync(
        IReadOnlyList<ChatMessage> conversation, GuardrailMode mode, string direction, CancellationToken cancellationToken)
    {
        ModerationResult result;
        try
        {
            result = await guard.ModerateAsync(conversation, cancellationToken);
        }
        catch (Exception e) when (mode == GuardrailMode.Flag && e is not OperationCanceledException)
        {
            LogGuardFailed(logger, modelId, direction, e.Message);
            return null;
        }

        if (result.Flagged)
        {
            var action = mode == GuardrailMode.Refuse ? "refused" : "flagged";
            metrics.Flagged.Add(1, new("model", modelId), new("direction", direction), new("action", action));
            LogFlagged(logger, modelId, direction, action, string.Join(",", result.Hazards), string.Join(",", result.Categories.Order(StringComparer.Ordinal)));
        }
        return result;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Guardrail on {Model}: {Direction} {Action} (hazards {Hazards}; categories {Categories})")]
    private static partial void LogFlagged(ILogger logger, string model, string direction, string action, string hazards, string categories);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Guardrail on {Model}: the {Direction} could not be checked, so it went through unchecked (flag mode): {Reason}")]
    private static partial void LogGuardFailed(ILogger logger, string model, string direction, string reason);
}
