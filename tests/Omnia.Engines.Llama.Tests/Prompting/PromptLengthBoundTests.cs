using Microsoft.Extensions.AI;
using Omnia.Errors;

namespace Omnia.Engines.Llama.Tests.Prompting;

public sealed class PromptLengthBoundTests(Stories260KModel fixture) : IClassFixture<Stories260KModel>
{
    private readonly IChatClient _client = fixture.Model.CreateChatClient("stories260k");

    [Fact]
    public async Task A_prompt_longer_than_the_context_can_spell_is_refused_without_tokenizing_it()
    {
        // 20 MB of text: tokenizing it was five million tokens and about a minute of a core per request.
        var huge = string.Concat(Enumerable.Repeat("once upon a time ", 1_200_000));

        var refused = await Assert.ThrowsAsync<ContextLengthExceededException>(() =>
            _client.GetResponseAsync([new(ChatRole.User, huge)], new() { MaxOutputTokens = 4 }));

        Assert.Contains("at least", refused.Message, StringComparison.Ordinal);
        Assert.True(refused.PromptTokens > fixture.Model.ContextSize);
    }

    [Fact]
    public async Task A_prompt_within_the_byte_bound_is_tokenized_and_counted_exactly()
    {
        // Over the 256-token context once tokenized, but few enough bytes that only tokenizing can tell.
        var over = string.Concat(Enumerable.Repeat("cat ", 300));

        var refused = await Assert.ThrowsAsync<ContextLengthExceededException>(() =>
            _client.GetResponseAsync([new(ChatRole.User, over)], new() { MaxOutputTokens = 4 }));

        Assert.DoesNotContain("at least", refused.Message, StringComparison.Ordinal);
        Assert.Equal(fixture.Model.ContextSize, refused.ContextSize);
    }
}
