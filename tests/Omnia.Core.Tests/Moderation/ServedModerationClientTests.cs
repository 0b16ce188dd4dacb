using Microsoft.Extensions.AI;
using Omnia.Catalog;
using Omnia.Models;
using Omnia.Moderation;

namespace Omnia.Core.Tests.Moderation;

public sealed class ServedModerationClientTests
{
    private static readonly ChatMessage[] Conversation = [new(ChatRole.User, "hi")];

    [Fact]
    public async Task Without_a_guard_model_a_check_fails_naming_the_setting()
    {
        var client = new ServedModerationClient(new ModelRegistry());

        var e = await Assert.ThrowsAsync<ModerationUnavailableException>(() => client.ModerateAsync(Conversation));

        Assert.Contains("Omnia:Moderation:Model", e.Message);
    }

    [Fact]
    public async Task A_guard_still_loading_or_failed_says_so()
    {
        var registry = new ModelRegistry();
        registry.Add(new ServedModel("llama-guard-3-1b", ModelRole.Moderation));
        var client = new ServedModerationClient(registry);

        var e = await Assert.ThrowsAsync<ModerationUnavailableException>(() => client.ModerateAsync(Conversation));
        Assert.Contains("still loading", e.Message);

        registry.Find("llama-guard-3-1b")!.MarkFailed("bad file");
        e = await Assert.ThrowsAsync<ModerationUnavailableException>(() => client.ModerateAsync(Conversation));
        Assert.Contains("bad file", e.Message);
    }
}
