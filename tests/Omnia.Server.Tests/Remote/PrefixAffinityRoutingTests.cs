using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Omnia.Cli.Hosting;
using Omnia.Engines.Remote;

namespace Omnia.Server.Tests.Remote;

/// <summary>A remote model over two upstreams keeps each conversation on the upstream that holds its prefix.</summary>
public sealed class PrefixAffinityRoutingTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();
    private ScriptedUpstreamFake _a = null!;
    private ScriptedUpstreamFake _b = null!;

    public async Task InitializeAsync()
    {
        _a = await ScriptedUpstreamFake.StartAsync();
        _b = await ScriptedUpstreamFake.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    private RemoteChatClient Client(UpstreamRouting routing = UpstreamRouting.PrefixAffinity, int maxImbalance = 4, int tableSize = 10_000, string model = "story") =>
        new(model, new RemoteModelOptions
        {
            Upstreams = [Upstream(_a, "a"), Upstream(_b, "b")],
            Routing = routing,
            AffinityMaxImbalance = maxImbalance,
            AffinityTableSize = tableSize,
            HealthCheckInterval = TimeSpan.Zero,
        }, _time);

    private static UpstreamOptions Upstream(ScriptedUpstreamFake fake, string name) =>
        new() { Name = name, BaseUrl = fake.BaseUrl, Model = "m", Timeout = TimeSpan.FromSeconds(10) };

    private (int OnA, int OnB) Turns(RemoteConversation conversation) => (_a.TurnsOf(conversation.Opening), _b.TurnsOf(conversation.Opening));

    [Fact]
    public async Task Interleaved_conversations_each_stay_on_their_upstream_turn_after_turn()
    {
        using var client = Client();
        var conversations = new[] { "Tell me of cats", "Tell me of dogs", "Tell me of owls" }.Select(o => new RemoteConversation(client, o)).ToList();

        for (var turn = 0; turn < 4; turn++)
            foreach (var conversation in conversations)
                await conversation.TurnAsync(streamed: turn % 2 == 1);

        Assert.All(conversations, c => Assert.Contains(Turns(c), new[] { (4, 0), (0, 4) }));
        Assert.True(_a.Requests.Count > 0 && _b.Requests.Count > 0, "new conversations are still balanced over both upstreams");
    }

    [Fact]
    public async Task Through_a_front_node_conversations_sent_as_json_each_stay_on_their_upstream()
    {
        UpstreamSetting To(ScriptedUpstreamFake fake) => new() { Name = "story", BaseUrl = fake.BaseUrl.ToString().TrimEnd('/'), Model = "m", TimeoutSeconds = 10 };
        await using var front = await OmniaServerInstance.StartAsync(new ServeSettings { ModelsDir = Path.GetTempPath(), Upstreams = [To(_a), To(_b)] });
        var openings = new[] { "Tell me of cats", "Tell me of dogs", "Tell me of owls" };
        var histories = openings.Select(o => new JsonArray(new JsonObject { ["role"] = "system", ["content"] = "You are terse." }, new JsonObject { ["role"] = "user", ["content"] = o })).ToList();

        for (var turn = 0; turn < 3; turn++)
        {
            foreach (var history in histories)
            {
                var body = new JsonObject { ["model"] = "story", ["messages"] = history.DeepClone(), ["max_tokens"] = 5 };
                var (status, json) = await ChatRequests.PostAsync(front.Http, body);
                Assert.Equal(200, status);
                history.Add(new JsonObject { ["role"] = "assistant", ["content"] = ChatRequests.Text(json) });
                history.Add(new JsonObject { ["role"] = "user", ["content"] = $"and then {turn}?" });
            }
        }

        Assert.All(openings, o => Assert.Contains((_a.TurnsOf(o), _b.TurnsOf(o)), new[] { (3, 0), (0, 3) }));
    }

    [Fact]
    public async Task With_least_in_flight_routing_the_same_conversations_wander()
    {
        using var client = Client(UpstreamRouting.LeastInFlight);
        var conversations = new[] { "Tell me of cats", "Tell me of dogs", "Tell me of owls" }.Select(o => new RemoteConversation(client, o)).ToList();

        for (var turn = 0; turn < 4; turn++)
            foreach (var conversation in conversations)
                await conversation.TurnAsync();

        Assert.Contains(conversations, c => Turns(c) is ( > 0, > 0));
        Assert.Equal(0, client.AffinityEntries);
    }

    [Fact]
    public async Task A_conversation_whose_upstream_goes_down_moves_to_the_other_and_stays_there()
    {
        using var client = Client();
        var conversation = new RemoteConversation(client, "Tell me of cats");
        await conversation.TurnAsync();
        var (first, other) = _a.TurnsOf(conversation.Opening) == 1 ? (_a, _b) : (_b, _a);

        first.Down = true;
        await conversation.TurnAsync();
        first.Down = false;
        _time.Advance(TimeSpan.FromSeconds(11));
        await conversation.TurnAsync();
        await conversation.TurnAsync(streamed: true);

        Assert.Equal(2, first.Requests.Count); // turn 1, and turn 2's failed attempt
        Assert.Equal(3, other.TurnsOf(conversation.Opening));
    }

    [Fact]
    public async Task A_saturated_upstream_passes_the_conversation_to_the_least_busy_one()
    {
        var model = $"saturation-{Guid.NewGuid():N}";
        var outcomes = new List<string>();
        using var listener = ListenToAffinity(model, outcomes);
        using var client = Client(maxImbalance: 1, model: model);
        var conversation = new RemoteConversation(client, "Tell me of cats");
        await conversation.TurnAsync();
        var (home, other) = _a.TurnsOf(conversation.Opening) == 1 ? (_a, _b) : (_b, _a);
        var next = new RemoteConversation(client, "Tell me of cats");
        await next.TurnAsync();
        var turn2 = new List<ChatMessage> { new(ChatRole.System, "You are terse."), new(ChatRole.User, "Tell me of cats"), new(ChatRole.Assistant, "ok"), new(ChatRole.User, "more") };

        home.Hold();
        var waiting = new[] { client.GetResponseAsync(turn2), client.GetResponseAsync(turn2) };
        var whileSaturated = await client.GetResponseAsync(turn2);
        home.Release();
        await Task.WhenAll(waiting);

        Assert.Equal(4, home.TurnsOf(conversation.Opening)); // both first turns, then two within the imbalance allowed
        Assert.Equal(1, other.TurnsOf(conversation.Opening)); // the third, once home had 2 more in flight than the other
        Assert.Equal("ok", whileSaturated.Text);
        Assert.Equal(["new", "hit", "hit", "hit", "moved"], outcomes);
    }

    [Fact]
    public async Task A_conversation_id_keeps_a_session_on_its_upstream_when_its_history_is_trimmed()
    {
        using var client = Client();
        var session = $"sess_{Guid.NewGuid():N}";
        var opening = new List<ChatMessage> { new(ChatRole.User, "Tell me of cats") };
        var trimmed = new List<ChatMessage> { new(ChatRole.User, "something later") };

        for (var i = 0; i < 3; i++)
        {
            await client.GetResponseAsync(opening, new ChatOptions { ConversationId = session });
            await client.GetResponseAsync(trimmed, new ChatOptions { ConversationId = session });
        }

        Assert.Contains((_a.Requests.Count, _b.Requests.Count), new[] { (6, 0), (0, 6) });
    }

    [Fact]
    public async Task The_affinity_table_is_bounded_and_a_long_conversation_keeps_two_entries()
    {
        using var client = Client(tableSize: 4);
        var conversation = new RemoteConversation(client, "Tell me of cats");
        for (var turn = 0; turn < 5; turn++) await conversation.TurnAsync();
        Assert.Equal(2, client.AffinityEntries); // its leading messages and its latest turn

        for (var i = 0; i < 6; i++) await new RemoteConversation(client, $"Story {i}").TurnAsync();
        Assert.Equal(4, client.AffinityEntries);
    }

    [Fact]
    public async Task Cached_tokens_reported_by_the_upstream_reach_the_usage_streamed_and_not()
    {
        using var client = Client();
        var messages = new List<ChatMessage> { new(ChatRole.User, "Tell me of cats") };

        var response = await client.GetResponseAsync(messages);
        var updates = await client.GetStreamingResponseAsync(messages).ToListAsync();

        Assert.Equal(ScriptedUpstreamFake.CachedTokens, response.Usage?.CachedInputTokenCount);
        Assert.Equal(ScriptedUpstreamFake.PromptTokens, response.Usage?.InputTokenCount);
        var streamed = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        Assert.Equal(ScriptedUpstreamFake.CachedTokens, streamed.Details.CachedInputTokenCount);
    }

    [Theory]
    [InlineData(0, 4, UpstreamRouting.PrefixAffinity)]
    [InlineData(10, -1, UpstreamRouting.PrefixAffinity)]
    [InlineData(10, 4, (UpstreamRouting)7)]
    public void Routing_options_are_validated(int tableSize, int maxImbalance, UpstreamRouting routing)
    {
        var options = new RemoteModelOptions
        {
            Upstreams = [new UpstreamOptions { BaseUrl = new Uri("http://127.0.0.1:1/v1"), Model = "m" }],
            AffinityTableSize = tableSize,
            AffinityMaxImbalance = maxImbalance,
            Routing = routing,
        };

        Assert.Throws<ArgumentOutOfRangeException>(() => new RemoteChatClient("story", options));
    }

    private static MeterListener ListenToAffinity(string model, List<string> outcomes)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Omnia.Engines.Remote" && instrument.Name == "omnia.remote.affinity_routed") l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var values = tags.ToArray().ToDictionary(t => t.Key, t => t.Value as string);
            if (values["model"] != model) return;
            lock (outcomes) outcomes.Add(values["affinity"]!);
        });
        listener.Start();
        return listener;
    }
}
