using System.Text.Json;
using Omnia.Cli.Hosting;

namespace Omnia.Server.Tests.Realtime;

/// <summary>
/// A realtime conversation that outgrows the model's context (256 tokens here, through stories260K): with OpenAI's
/// default <c>truncation: "auto"</c> its oldest items are dropped and every turn is answered; with
/// <c>"disabled"</c> the turn fails with a clear error and <c>response.done</c> says so.
/// </summary>
public sealed class ConversationTruncationTests : IAsyncLifetime
{
    private OmniaServerInstance _server = null!;

    public async Task InitializeAsync() =>
        _server = await OmniaServerInstance.StartAsync(new ServeSettings { ChatModel = "stories260k", Parallel = 2, ContextSize = 256, Threads = 1 });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static async Task<JsonElement> TurnAsync(RealtimeTestClient client, int turn)
    {
        await client.SendAsync(new { type = "conversation.item.create", item = new { type = "message", role = "user", content = new[] { new { type = "input_text", text = $"Turn {turn}: tell me more about the little red fox and the big brown bear in the forest." } } } });
        await client.SendAsync(new { type = "response.create" });
        return (await client.WaitForAsync("response.done")).GetProperty("response");
    }

    private async Task<RealtimeTestClient> SessionAsync(object truncation)
    {
        var client = await RealtimeTestClient.ConnectAsync(_server.BaseAddress);
        await client.SendAsync(new { type = "session.update", session = new { type = "realtime", output_modalities = new[] { "text" }, max_output_tokens = 48, truncation, audio = new { input = new { turn_detection = (object?)null } } } });
        await client.WaitForAsync("session.updated");
        return client;
    }

    [Fact]
    public async Task With_auto_truncation_every_turn_is_answered_past_the_context()
    {
        await using var client = await SessionAsync("auto");

        var responses = new List<JsonElement>();
        for (var turn = 1; turn <= 8; turn++) responses.Add(await TurnAsync(client, turn));

        Assert.All(responses, r => Assert.Equal("completed", r.GetProperty("status").GetString()));
        Assert.DoesNotContain(client.All, e => e.GetProperty("type").GetString() == "error");
        // The conversation's items (8 questions and answers) are far more than 256 tokens; each prompt stayed inside.
        Assert.All(responses, r => Assert.InRange(r.GetProperty("usage").GetProperty("input_tokens").GetInt32(), 1, 255));
    }

    [Fact]
    public async Task With_truncation_disabled_the_turn_that_overflows_fails_clearly()
    {
        await using var client = await SessionAsync("disabled");

        JsonElement response = default;
        for (var turn = 1; turn <= 8; turn++)
        {
            response = await TurnAsync(client, turn);
            if (response.GetProperty("status").GetString() != "completed") break;
        }

        Assert.Equal("failed", response.GetProperty("status").GetString());
        Assert.Equal("context_length_exceeded", response.GetProperty("status_details").GetProperty("error").GetProperty("code").GetString());
        var error = client.All.Single(e => e.GetProperty("type").GetString() == "error");
        Assert.Equal("context_length_exceeded", error.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Truncation_settings_are_validated_and_echoed()
    {
        await using var client = await SessionAsync(new { type = "retention_ratio", retention_ratio = 0.5 });
        var updated = client.All.Last(e => e.GetProperty("type").GetString() == "session.updated");
        Assert.Equal(0.5, updated.GetProperty("session").GetProperty("truncation").GetProperty("retention_ratio").GetDouble());

        await client.SendAsync(new { type = "session.update", session = new { type = "realtime", truncation = new { type = "retention_ratio", retention_ratio = 1.5 } } });
        var error = await client.WaitForAsync("error");
        Assert.Equal("session.truncation.retention_ratio", error.GetProperty("error").GetProperty("param").GetString());
    }
}
