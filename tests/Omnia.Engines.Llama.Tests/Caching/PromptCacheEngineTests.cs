using Microsoft.Extensions.AI;
using Omnia.Tests;

namespace Omnia.Engines.Llama.Tests.Caching;

/// <summary>
/// The prompt cache through the real engine on stories260K: every answer given from reused KV cells must equal the
/// answer to the same prompt decoded whole (greedy, so any cell lost, misplaced or mistagged changes the words).
/// </summary>
public sealed class PromptCacheEngineTests : IDisposable
{
    // Two slots, so a third conversation has to evict, and moves between slots happen often.
    private readonly LlamaModel _model = LlamaModel.Load(new LlamaEngineOptions { ModelPath = TestPaths.Stories260K, Parallel = 2, ContextSize = 512, Threads = 2 });
    private readonly IChatClient _client;

    public PromptCacheEngineTests() => _client = _model.CreateChatClient("stories260k");

    public void Dispose() => _model.Dispose();

    private static ChatOptions Greedy(int tokens = 24, bool cache = true, string? conversation = null) => new()
    {
        Temperature = 0,
        MaxOutputTokens = tokens,
        ConversationId = conversation,
        AdditionalProperties = new() { ["ignore_eos"] = true, ["cache_prompt"] = cache },
    };

    private async Task<ChatResponse> AskAsync(List<ChatMessage> history, bool cache = true, string? conversation = null, int tokens = 24) =>
        await _client.GetResponseAsync(history, Greedy(tokens, cache, conversation));

    /// <summary>A turn with the cache, then the same prompt decoded whole: both answers, and the cached count.</summary>
    private async Task<(string Cached, string Whole, long CachedTokens, long PromptTokens)> TurnAsync(List<ChatMessage> history, string? conversation = null)
    {
        var cached = await AskAsync(history, conversation: conversation);
        var whole = await AskAsync(history, cache: false);
        return (cached.Text, whole.Text, cached.Usage!.CachedInputTokenCount ?? 0, cached.Usage.InputTokenCount!.Value);
    }

    [Fact]
    public async Task Each_turn_reuses_the_previous_turns_prompt_and_answers_as_if_decoded_whole()
    {
        List<ChatMessage> history = [new(ChatRole.System, "You tell short stories about animals who live in the forest."), new(ChatRole.User, "Once upon a time")];
        long previousPrompt = 0;
        for (var turn = 1; turn <= 4; turn++)
        {
            var (cached, whole, cachedTokens, promptTokens) = await TurnAsync(history);

            Assert.Equal(whole, cached);
            if (turn == 1) Assert.Equal(0, cachedTokens);
            else Assert.True(cachedTokens >= 0.8 * previousPrompt, $"turn {turn}: {cachedTokens} cached of the previous {previousPrompt}");
            previousPrompt = promptTokens;
            history.Add(new(ChatRole.Assistant, cached));
            history.Add(new(ChatRole.User, $"And then {turn}?"));
        }
        Assert.True(_model.Counters.CachedPromptTokens > 0);
    }

    [Fact]
    public async Task A_prompt_reuses_cells_whatever_its_sampling_or_grammar()
    {
        List<ChatMessage> history = [new(ChatRole.User, "Sam liked to draw pictures of the sea")];
        var plain = await AskAsync(history);

        var constrained = await _client.GetResponseAsync(history, new ChatOptions
        {
            Temperature = 0.7f, Seed = 3, MaxOutputTokens = 8, ResponseFormat = ChatResponseFormat.Json,
        });

        Assert.Equal(plain.Usage!.InputTokenCount - 1, constrained.Usage!.CachedInputTokenCount);
    }

    [Fact]
    public async Task Without_cache_prompt_nothing_is_reused()
    {
        List<ChatMessage> history = [new(ChatRole.User, "Once upon a time")];
        await AskAsync(history, cache: false);

        var again = await AskAsync(history, cache: false);

        Assert.Equal(0, again.Usage!.CachedInputTokenCount);
    }

    [Fact]
    public async Task A_cancelled_request_leaves_a_valid_cache_of_what_it_decoded()
    {
        List<ChatMessage> history = [new(ChatRole.User, "Tom had a big red ball")];
        using (var cancel = new CancellationTokenSource())
        {
            var received = 0;
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                await foreach (var _ in _client.GetStreamingResponseAsync(history, Greedy(200), cancel.Token))
                    if (++received == 5) await cancel.CancelAsync();
            });
        }

        // No wait: the loop retires a request cancelled before the next one arrives before admitting that one.
        var (cached, whole, cachedTokens, promptTokens) = await TurnAsync(history);

        Assert.Equal(promptTokens - 1, cachedTokens);
        Assert.Equal(whole, cached);
    }

    [Fact]
    public async Task Conversations_interleaved_and_running_together_beyond_the_slots_answer_as_if_decoded_whole()
    {
        // Three conversations over two slots, two of them at once each round: caches are evicted, copied and swapped.
        var histories = new[] { "Lily went to the park", "The dog was happy", "Ben saw a bird" }
            .Select(start => new List<ChatMessage> { new(ChatRole.User, start) }).ToArray();
        for (var round = 0; round < 3; round++)
        {
            for (var c = 0; c < histories.Length; c++)
            {
                var pair = new[] { histories[c], histories[(c + 1) % histories.Length] };
                var answers = await Task.WhenAll(pair.Select(h => AskAsync(h)));
                for (var i = 0; i < pair.Length; i++)
                {
                    var whole = await AskAsync(pair[i], cache: false);
                    Assert.Equal(whole.Text, answers[i].Text);
                }
            }
            foreach (var history in histories)
            {
                history.Add(new(ChatRole.Assistant, (await AskAsync(history)).Text));
                history.Add(new(ChatRole.User, "What next?"));
            }
        }
        Assert.True(_model.Counters.SequencesMoved > 0);
        Assert.True(_model.Counters.CachedPromptTokens > 0);
    }

    /// <remarks>What ending a conversation releases is pinned down exactly by <see cref="SlotTableTests"/>.</remarks>
    [Fact]
    public async Task A_conversation_keeps_its_slot_between_turns()
    {
        List<ChatMessage> mine = [new(ChatRole.User, "The little fox lived in a hole under a tree")];
        var first = await AskAsync(mine, conversation: "realtime-1");
        mine.Add(new(ChatRole.Assistant, first.Text));
        mine.Add(new(ChatRole.User, "Then what?"));

        // Strangers' prompts, more of them than there are slots and longer than this conversation: without an owner
        // its slot would be the one cut for them.
        foreach (var start in new[] { "A", "B", "C", "D" })
            await AskAsync([new(ChatRole.User, string.Concat(Enumerable.Repeat(start + " was a cat and ", 40)))]);
        var second = await AskAsync(mine, conversation: "realtime-1");
        Assert.True(second.Usage!.CachedInputTokenCount >= first.Usage!.InputTokenCount);
        Assert.Equal((await AskAsync(mine, cache: false)).Text, second.Text);
    }

    [Fact]
    public async Task A_prefilled_transcript_leaves_only_its_last_token_to_decode_and_the_same_answer()
    {
        var prefiller = _client.GetService<Omnia.Chat.IPromptPrefiller>()!;
        List<ChatMessage> history = [new(ChatRole.System, "You tell short stories."), new(ChatRole.User, "The little fox lived")];
        // The transcript grows while the user speaks: each prefill keeps what the previous one shares with it.
        await prefiller.PrefillAsync(history, Greedy(conversation: "voice-1"), CancellationToken.None);
        history[^1] = new(ChatRole.User, "The little fox lived in a hole under a big tree");
        var held = (await prefiller.PrefillAsync(history, Greedy(conversation: "voice-1"), CancellationToken.None)).PromptTokens;

        var answer = await AskAsync(history, conversation: "voice-1");

        // stories260K's template has no end-of-turn token: the whole prompt is prefilled, and nothing is read of it.
        Assert.Equal(held, answer.Usage!.InputTokenCount);
        Assert.Equal(held - 1, answer.Usage.CachedInputTokenCount);
        Assert.Equal((await AskAsync(history, cache: false)).Text, answer.Text);
    }

    [Fact]
    public async Task A_prefill_while_its_conversation_answers_is_skipped_and_leaves_the_answer_its_slot()
    {
        var prefiller = _client.GetService<Omnia.Chat.IPromptPrefiller>()!;
        List<ChatMessage> history = [new(ChatRole.User, "The little fox lived in a hole")];
        var first = await AskAsync(history, conversation: "voice-2");
        history.Add(new(ChatRole.Assistant, first.Text));
        history.Add(new(ChatRole.User, "Then what?"));

        await using (var answering = _client.GetStreamingResponseAsync(history, Greedy(tokens: 200, conversation: "voice-2")).GetAsyncEnumerator())
        {
            Assert.True(await answering.MoveNextAsync());
            Assert.Equal(new Omnia.Chat.PrefilledPrompt(0, null), await prefiller.PrefillAsync([.. history, new(ChatRole.User, "And")], Greedy(conversation: "voice-2"), CancellationToken.None));
        }

        var next = await AskAsync(history, conversation: "voice-2");
        Assert.True(next.Usage!.CachedInputTokenCount >= first.Usage!.InputTokenCount, $"{next.Usage.CachedInputTokenCount} cached");
    }

    [Fact]
    public async Task A_conversation_whose_oldest_turns_were_dropped_reuses_its_later_turns_cells()
    {
        var untruncated = await NextTurnAsync(cacheReuse: 16, dropOldest: false);
        var shifted = await NextTurnAsync(cacheReuse: 16, dropOldest: true);
        var prefilled = await NextTurnAsync(cacheReuse: 0, dropOldest: true);

        // The kept turns moved back into place: only the new question is decoded, as when nothing was dropped.
        Assert.Equal(untruncated.Prompt - untruncated.Cached, shifted.Prompt - shifted.Cached);
        Assert.True(shifted.Prompt < untruncated.Prompt);
        Assert.NotEmpty(shifted.Answer);
        // Without reuse, only what precedes the first dropped message is kept.
        Assert.True(prefilled.Cached < prefilled.Prompt / 3, $"{prefilled.Cached} of {prefilled.Prompt} cached");
    }

    /// <summary>Three turns of one conversation, then its next, whole or without the first question and answer (what a truncation sends).</summary>
    private static async Task<(long Cached, long Prompt, string Answer)> NextTurnAsync(int cacheReuse, bool dropOldest)
    {
        using var model = LlamaModel.Load(new LlamaEngineOptions { ModelPath = TestPaths.Stories260K, Parallel = 2, ContextSize = 512, Threads = 2, CacheReuse = cacheReuse });
        var client = model.CreateChatClient("stories260k");
        List<ChatMessage> history = [new(ChatRole.System, "You tell short stories about animals."), new(ChatRole.User, "Once upon a time")];
        for (var turn = 1; turn <= 3; turn++)
        {
            var answer = await client.GetResponseAsync(history, Greedy(conversation: "truncated"));
            history.Add(new(ChatRole.Assistant, answer.Text));
            history.Add(new(ChatRole.User, $"And then {turn}?"));
        }
        if (dropOldest) history.RemoveRange(1, 2);
        var next = await client.GetResponseAsync(history, Greedy(conversation: "truncated"));
        return (next.Usage!.CachedInputTokenCount ?? 0, next.Usage.InputTokenCount!.Value, next.Text);
    }
}
