using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Omnia.Chat;
using Omnia.Errors;

namespace Omnia.Voice.Conversation;

/// <summary>
/// Keeps one conversation within the model's context: when a request is refused as too long, the oldest messages
/// after the instructions are dropped until the rest fits <see cref="ConversationTruncation.RetentionRatio"/> of the
/// context, and the request is made again. The cut is remembered, so later turns start at the same message (their
/// prefix, and the engine's prompt cache, stay the same) until the context fills again. One instance per
/// conversation; only a refusal before the first update is retried, never an answer under way. The engine's prompt
/// prefiller is wrapped the same way, so a conversation that outgrows the context is cut while the user is still
/// speaking, and the answer that follows finds its prompt already in the cache.
/// </summary>
public sealed class TruncatingChatClient(IChatClient inner, Func<ConversationTruncation> truncation) : DelegatingChatClient(inner)
{
    /// <summary>Refusals retried per request: each drops at least one message, so this bounds only pathological cases.</summary>
    private const int MaxAttempts = 8;

    /// <summary>The room kept for an answer without <c>MaxOutputTokens</c> (the engine caps any room at an eighth of its context).</summary>
    public const int DefaultAnswerRoom = 256;

    private int _dropped;
    private TruncatingPrefiller? _prefiller;

    /// <summary>Messages after the instructions left out of every request so far.</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var all = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        options = WithAnswerRoom(options);
        for (var attempt = 1; ; attempt++)
        {
            var cut = Dropped;
            var sent = Kept(all, cut);
            var (updates, first, refusal) = await StartAsync(sent, options, cancellationToken);
            if (refusal is null)
            {
                await using (updates)
                {
                    for (var more = first; more; more = await updates!.MoveNextAsync())
                        yield return updates!.Current;
                }
                yield break;
            }

            if (!CanRetry(attempt, sent, cut, refusal)) throw refusal;
        }
    }

    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        if (serviceType != typeof(IPromptPrefiller) || serviceKey is not null) return base.GetService(serviceType, serviceKey);
        if (_prefiller is null && base.GetService(serviceType) is IPromptPrefiller inner) _prefiller = new TruncatingPrefiller(this, inner);
        return _prefiller;
    }

    /// <summary>
    /// With truncation on, asks the engine to refuse a prompt that leaves the answer less than its room, so the cut
    /// moves before an answer would run into the end of the context (prompt + answer must fit, not the prompt alone).
    /// </summary>
    private ChatOptions? WithAnswerRoom(ChatOptions? options)
    {
        if (!truncation().IsEnabled) return options;
        var withRoom = options?.Clone() ?? new ChatOptions();
        (withRoom.AdditionalProperties ??= [])[ChatProperties.AnswerRoom] = options?.MaxOutputTokens ?? DefaultAnswerRoom;
        return withRoom;
    }

    /// <summary>Whether a refused prompt may be sent again shorter: truncation is on, and the cut moved (or another request moved it).</summary>
    private bool CanRetry(int attempt, List<ChatMessage> refused, int cut, ContextLengthExceededException refusal)
    {
        var settings = truncation();
        return settings.IsEnabled && attempt < MaxAttempts && DropOldest(refused, cut, refusal, settings.RetentionRatio);
    }

    /// <summary>Opens the stream and waits for its first update: the engine refuses a prompt that is too long before any.</summary>
    private async Task<(IAsyncEnumerator<ChatResponseUpdate>? Updates, bool First, ContextLengthExceededException? Refusal)> StartAsync(
        List<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        var updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            return (updates, await updates.MoveNextAsync(), null);
        }
        catch (ContextLengthExceededException refusal)
        {
            await updates.DisposeAsync();
            return (null, false, refusal);
        }
    }

    /// <summary>The instructions, then the conversation from <paramref name="cut"/> on: what a request for <paramref name="all"/> sends.</summary>
    private static List<ChatMessage> Kept(IReadOnlyList<ChatMessage> all, int cut)
    {
        var instructions = all.TakeWhile(IsInstruction).ToList();
        var conversation = all.Skip(instructions.Count).ToList();
        return [.. instructions, .. conversation.Skip(Math.Min(cut, Math.Max(0, conversation.Count - 1)))];
    }

    /// <summary>
    /// Moves the cut forward so the kept conversation is about <paramref name="ratio"/> of the context (by its share of
    /// the refused prompt's characters); a tool result is never kept without the call it answers.
    /// </summary>
    /// <param name="refused">The prompt the engine refused: the instructions, then the conversation from the cut on.</param>
    /// <param name="cut">The cut <paramref name="refused"/> was made with: a prefill and an answer refused at once move it once.</param>
    /// <returns>False when only the newest message is left, so nothing more can go.</returns>
    private bool DropOldest(List<ChatMessage> refused, int cut, ContextLengthExceededException refusal, double ratio)
    {
        var instructions = refused.TakeWhile(IsInstruction).ToList();
        var kept = refused.Skip(instructions.Count).ToList();
        if (kept.Count <= 1) return false;

        // Estimated from the prompt the engine measured, not the whole history: after an earlier cut they differ.
        var tokensPerCharacter = (double)refusal.PromptTokens / Math.Max(1, refused.Sum(Length));
        var instructionTokens = instructions.Sum(Length) * tokensPerCharacter;
        var budget = ratio * refusal.ContextSize - instructionTokens;
        var remaining = kept.Sum(Length) * tokensPerCharacter;
        var drop = 0;
        while (drop < kept.Count - 1 && (remaining > budget || drop == 0))
        {
            remaining -= Length(kept[drop]) * tokensPerCharacter;
            drop++;
        }
        while (drop < kept.Count - 1 && kept[drop].Role == ChatRole.Tool) drop++;
        Interlocked.CompareExchange(ref _dropped, cut + drop, cut);
        return true;
    }

    private static bool IsInstruction(ChatMessage message) => message.Role == ChatRole.System;

    /// <summary>The engine's prefiller, sent what the conversation keeps, and moving the cut when the engine refuses.</summary>
    private sealed class TruncatingPrefiller(TruncatingChatClient owner, IPromptPrefiller inner) : IPromptPrefiller
    {
        public async Task<PrefilledPrompt> PrefillAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
        {
            var all = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
            options = owner.WithAnswerRoom(options);
            for (var attempt = 1; ; attempt++)
            {
                var cut = owner.Dropped;
                var sent = Kept(all, cut);
                try
                {
                    return await inner.PrefillAsync(sent, options, cancellationToken);
                }
                catch (ContextLengthExceededException refusal)
                {
                    if (!owner.CanRetry(attempt, sent, cut, refusal)) throw;
                }
            }
        }
    }

    /// <summary>A message's size for the estimate: its text, and a nominal 1,000 characters for anything else (audio, images, calls).</summary>
    private static int Length(ChatMessage message) =>
        message.Contents.Sum(c => c switch
        {
            TextContent text => text.Text.Length,
            FunctionCallContent call => call.Name.Length + (call.Arguments?.Sum(a => a.Key.Length + (a.Value?.ToString()?.Length ?? 0)) ?? 0),
            FunctionResultContent result => result.Result?.ToString()?.Length ?? 0,
            _ => 1000,
        });
}
