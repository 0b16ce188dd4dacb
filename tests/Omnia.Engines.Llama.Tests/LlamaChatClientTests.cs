using System.Text;
using Microsoft.Extensions.AI;

namespace Omnia.Engines.Llama.Tests;

public sealed class LlamaChatClientTests(Stories260KModel fixture) : IClassFixture<Stories260KModel>
{
    private readonly IChatClient _client = fixture.Model.CreateChatClient("stories260k");

    [Fact]
    public async Task Streams_text_and_reports_usage()
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in _client.GetStreamingResponseAsync([new(ChatRole.User, "Once upon a time")], new() { MaxOutputTokens = 20, Seed = 1 }))
            updates.Add(update);

        var text = string.Concat(updates.Select(u => u.Text));
        Assert.NotEmpty(text);
        Assert.True(updates.Count(u => u.Text.Length > 0) > 1, "text arrives in several pieces");
        var usage = updates.SelectMany(u => u.Contents).OfType<UsageContent>().Single();
        Assert.True(usage.Details.InputTokenCount > 0);
        Assert.InRange(usage.Details.OutputTokenCount!.Value, 1, 20);
        Assert.NotNull(updates[^1].FinishReason);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task A_grammar_from_omnias_own_caller_holds_a_story_model_to_llama_guards_answer_format(int seed)
    {
        var options = new ChatOptions
        {
            Seed = seed,
            MaxOutputTokens = Omnia.Moderation.LlamaGuardProtocol.MaxAnswerTokens,
            AdditionalProperties = new() { [Omnia.Chat.ChatProperties.Grammar] = Omnia.Moderation.LlamaGuardProtocol.AnswerGrammar },
        };

        var answer = await _client.GetResponseAsync([new(ChatRole.User, "Once upon a time")], options);

        Assert.Matches(@"^(safe|unsafe\nS(1[0-4]|[1-9])(,S(1[0-4]|[1-9]))*)$", answer.Text);
        Omnia.Moderation.LlamaGuardProtocol.Parse(answer.Text);
    }

    [Fact]
    public async Task A_prompt_that_leaves_the_answer_less_than_its_room_is_refused_as_too_long()
    {
        // A prompt a few tokens short of the 256-token context: it fits alone, not with the room asked for the answer.
        var words = new StringBuilder("Once upon a time");
        long promptTokens;
        do
        {
            words.Append(" the cat");
            promptTokens = (await _client.GetResponseAsync([new(ChatRole.User, words.ToString())], new() { MaxOutputTokens = 1 })).Usage!.InputTokenCount!.Value;
        }
        while (promptTokens < 256 - 20);
        List<ChatMessage> prompt = [new(ChatRole.User, words.ToString())];

        var answered = await _client.GetResponseAsync(prompt, new() { MaxOutputTokens = 1 });
        var refused = await Assert.ThrowsAsync<Omnia.Errors.ContextLengthExceededException>(() => _client.GetResponseAsync(prompt,
            new() { MaxOutputTokens = 1, AdditionalProperties = new() { [Omnia.Chat.ChatProperties.AnswerRoom] = 24 } }));

        Assert.NotNull(answered.FinishReason);
        Assert.Equal(promptTokens, refused.PromptTokens);
    }
}
