using Microsoft.Extensions.AI;
using Omnia.Chat;
using Omnia.Errors;
using Omnia.Voice.Conversation;

namespace Omnia.Voice.Tests.Conversation;

public sealed class TruncatingChatClientTests
{
    private static readonly ChatMessage Instructions = new(ChatRole.System, new string('i', 100));

    private static ChatMessage Turn(ChatRole role, int n) => new(role, $"{n:D3}" + new string('x', 97));

    /// <summary>A conversation of 100-character turns after 100 characters of instructions.</summary>
    private static List<ChatMessage> Conversation(int turns) =>
        [Instructions, .. Enumerable.Range(0, turns).Select(n => Turn(n % 2 == 0 ? ChatRole.User : ChatRole.Assistant, n))];

    [Fact]
    public async Task A_conversation_that_fits_goes_through_whole()
    {
        var model = new BoundedContextChatClientFake(1000);
        var client = new TruncatingChatClient(model, () => ConversationTruncation.Auto);

        await client.GetResponseAsync(Conversation(5));

        Assert.Equal(6, Assert.Single(model.Prompts).Count);
        Assert.Equal(0, client.Dropped);
    }

    [Fact]
    public async Task The_oldest_turns_go_until_the_rest_fits_the_retention_ratio_and_the_instructions_stay()
    {
        var model = new BoundedContextChatClientFake(1000);
        var client = new TruncatingChatClient(model, () => ConversationTruncation.Auto);

        var answer = await client.GetResponseAsync(Conversation(12));

        Assert.Equal("ok", answer.Text);
        var sent = model.Prompts[^1];
        Assert.Same(Instructions, sent[0]);
        // 1,300 characters refused; 750 kept in all: the instructions and six turns, the newest last.
        Assert.Equal(7, sent.Count);
        Assert.StartsWith("006", sent[1].Text);
        Assert.StartsWith("011", sent[^1].Text);
        Assert.Equal(6, client.Dropped);
    }

    [Fact]
    public async Task Later_turns_keep_the_same_beginning_until_the_context_fills_again()
    {
        var model = new BoundedContextChatClientFake(1000);
        var client = new TruncatingChatClient(model, () => ConversationTruncation.Auto);
        // A one-token answer: the answer's room aside, the context fills again at 15 turns.
        var brief = new ChatOptions { MaxOutputTokens = 1 };
        await client.GetResponseAsync(Conversation(12), brief);

        await client.GetResponseAsync(Conversation(13), brief);
        await client.GetResponseAsync(Conversation(14), brief);

        Assert.All(model.Prompts.TakeLast(2), prompt => Assert.StartsWith("006", prompt[1].Text));
        Assert.Equal(6, client.Dropped);
    }

    [Fact]
    public async Task A_second_truncation_sizes_its_cut_from_the_prompt_that_was_refused_not_the_whole_history()
    {
        var model = new BoundedContextChatClientFake(1000);
        var client = new TruncatingChatClient(model, () => ConversationTruncation.Auto);
        await client.GetResponseAsync(Conversation(12));
        var before = model.Prompts.Count;

        // 1,100 characters from the cut on are refused; 650 fit three quarters of the context after the instructions.
        await client.GetResponseAsync(Conversation(16));

        Assert.Equal(2, model.Prompts.Count - before);
        Assert.Equal(10, client.Dropped);
        Assert.StartsWith("010", model.Prompts[^1][1].Text);
    }

    [Fact]
    public async Task Disabled_truncation_refuses_with_the_engines_error()
    {
        var model = new BoundedContextChatClientFake(1000);
        var client = new TruncatingChatClient(model, () => ConversationTruncation.Disabled);

        var refusal = await Assert.ThrowsAsync<ContextLengthExceededException>(() => client.GetResponseAsync(Conversation(12)));

        Assert.Equal(1000, refusal.ContextSize);
        Assert.Single(model.Prompts);
    }

    [Fact]
    public async Task A_last_message_too_long_on_its_own_is_refused_after_everything_else_went()
    {
        var model = new BoundedContextChatClientFake(1000);
        var client = new TruncatingChatClient(model, () => ConversationTruncation.Auto);

        await Assert.ThrowsAsync<ContextLengthExceededException>(() =>
            client.GetResponseAsync([Instructions, Turn(ChatRole.User, 0), new(ChatRole.User, new string('y', 2000))]));

        Assert.Equal(2, model.Prompts[^1].Count);
    }

    [Fact]
    public async Task A_tool_result_is_never_kept_without_its_call()
    {
        // Sized so the cut falls between the call and its result: dropping the first turn and the call is enough.
        var model = new BoundedContextChatClientFake(450);
        var client = new TruncatingChatClient(model, () => new ConversationTruncation(0.85));
        List<ChatMessage> conversation =
        [
            Instructions, Turn(ChatRole.User, 0),
            new(ChatRole.Assistant, [new FunctionCallContent("c1", "lookup", new Dictionary<string, object?> { ["q"] = new string('q', 90) })]),
            new(ChatRole.Tool, [new FunctionResultContent("c1", new string('r', 100))]),
            Turn(ChatRole.Assistant, 3), Turn(ChatRole.User, 4), Turn(ChatRole.Assistant, 5),
        ];

        // A one-token answer, so the answer's room does not move the cut.
        await client.GetResponseAsync(conversation, new ChatOptions { MaxOutputTokens = 1 });

        Assert.Equal(2, model.Prompts.Count);
        Assert.DoesNotContain(model.Prompts[^1], m => m.Role == ChatRole.Tool);
        Assert.StartsWith("003", model.Prompts[^1][1].Text);
    }

    [Fact]
    public async Task A_prefill_refused_as_too_long_moves_the_cut_and_the_answer_after_it_starts_the_same()
    {
        var model = new BoundedContextChatClientFake(1000);
        var client = new TruncatingChatClient(model, () => ConversationTruncation.Auto);
        var prefiller = client.GetService<IPromptPrefiller>()!;

        var held = await prefiller.PrefillAsync(Conversation(12), null, CancellationToken.None);
        await client.GetResponseAsync(Conversation(12));

        Assert.Equal(6, client.Dropped);
        Assert.Equal(700, held.PromptTokens);
        Assert.StartsWith("006", model.Prefilled[^1][1].Text);
        // The answer is sent at once what the prefill left in the cache: not refused first.
        Assert.StartsWith("006", Assert.Single(model.Prompts)[1].Text);
    }

    [Fact]
    public async Task A_prefill_and_an_answer_refused_with_the_same_cut_move_it_once()
    {
        var model = new BoundedContextChatClientFake(1000);
        var client = new TruncatingChatClient(model, () => ConversationTruncation.Auto);
        var prefiller = client.GetService<IPromptPrefiller>()!;

        await Task.WhenAll(prefiller.PrefillAsync(Conversation(12), null, CancellationToken.None), client.GetResponseAsync(Conversation(12)));

        Assert.Equal(6, client.Dropped);
    }

    [Fact]
    public async Task With_truncation_disabled_a_prefill_too_long_is_refused()
    {
        var model = new BoundedContextChatClientFake(1000);
        var client = new TruncatingChatClient(model, () => ConversationTruncation.Disabled);

        await Assert.ThrowsAsync<ContextLengthExceededException>(() => client.GetService<IPromptPrefiller>()!.PrefillAsync(Conversation(12), null, CancellationToken.None));

        Assert.Equal(0, client.Dropped);
    }

    [Fact]
    public async Task With_truncation_on_the_answer_keeps_its_room_and_the_cut_comes_before_it_would_be_starved()
    {
        var model = new BoundedContextChatClientFake(1000);
        var client = new TruncatingChatClient(model, () => ConversationTruncation.Auto);

        // 900 characters fit the context alone, not with 200 kept for the answer.
        await client.GetResponseAsync(Conversation(8), new ChatOptions { MaxOutputTokens = 200 });

        Assert.Equal(2, model.Prompts.Count);
        Assert.True(client.Dropped > 0);
    }

    [Fact]
    public async Task With_truncation_disabled_no_room_is_asked_and_a_prompt_that_fits_goes_through()
    {
        var model = new BoundedContextChatClientFake(1000);
        var client = new TruncatingChatClient(model, () => ConversationTruncation.Disabled);

        await client.GetResponseAsync(Conversation(8), new ChatOptions { MaxOutputTokens = 200 });

        Assert.Equal(9, Assert.Single(model.Prompts).Count);
    }
}
