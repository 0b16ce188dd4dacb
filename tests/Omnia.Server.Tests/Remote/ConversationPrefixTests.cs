using Microsoft.Extensions.AI;
using Omnia.Engines.Remote;

namespace Omnia.Server.Tests.Remote;

public sealed class ConversationPrefixTests
{
    private static readonly ChatMessage System = new(ChatRole.System, "You are terse.");

    [Fact]
    public void The_next_turn_finds_this_turns_whole_key_and_shares_its_leading_key()
    {
        List<ChatMessage> turn1 = [System, new(ChatRole.User, "Tell me of cats")];
        List<ChatMessage> turn2 = [.. turn1, new(ChatRole.Assistant, "Cats sleep."), new(ChatRole.User, "More?")];

        var first = ConversationPrefix.Of(turn1, null)!;
        var second = ConversationPrefix.Of(turn2, null)!;

        Assert.Equal(first.Whole, first.Leading);
        Assert.Equal(first.Leading, second.Leading);
        Assert.Contains(first.Whole, second.Keys);
        Assert.Equal(3, second.Keys.Count); // the system prompt alone is not a key
    }

    [Fact]
    public void Conversations_that_share_only_a_system_prompt_share_no_key()
    {
        var cats = ConversationPrefix.Of([System, new(ChatRole.User, "Tell me of cats")], null)!;
        var dogs = ConversationPrefix.Of([System, new(ChatRole.User, "Tell me of dogs")], null)!;

        Assert.Empty(cats.Keys.Intersect(dogs.Keys));
        Assert.Null(ConversationPrefix.Of([System], null));
    }

    [Fact]
    public void A_conversation_id_is_the_leading_key_and_sets_conversations_apart()
    {
        List<ChatMessage> hello = [new(ChatRole.User, "Hello")];

        var one = ConversationPrefix.Of(hello, "sess_1")!;
        var two = ConversationPrefix.Of(hello, "sess_2")!;
        var later = ConversationPrefix.Of([new(ChatRole.User, "Something later")], "sess_1")!;

        Assert.Equal(one.Leading, later.Leading);
        Assert.Empty(one.Keys.Intersect(two.Keys));
    }

    [Fact]
    public void Images_in_the_prefix_are_keyed_by_their_bytes()
    {
        ChatMessage Image(byte b) => new(ChatRole.User, [new TextContent("What is this?"), new DataContent(new byte[] { 1, 2, b }, "image/png")]);

        Assert.NotEqual(ConversationPrefix.Of([Image(3)], null)!.Whole, ConversationPrefix.Of([Image(4)], null)!.Whole);
        Assert.Equal(ConversationPrefix.Of([Image(3)], null)!.Whole, ConversationPrefix.Of([Image(3)], null)!.Whole);
    }
}
