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
}
