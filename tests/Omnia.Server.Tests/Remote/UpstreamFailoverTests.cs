using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Omnia.Engines.Remote;
using Omnia.Errors;
using Polly.CircuitBreaker;

namespace Omnia.Server.Tests.Remote;

/// <summary>
/// Failover between upstreams (Polly): another upstream only before the first token, and a circuit breaker per
/// upstream on a fake clock.
/// </summary>
public sealed class UpstreamFailoverTests : IAsyncLifetime
{
    private static readonly List<ChatMessage> Question = [new(ChatRole.User, "Tell me of cats")];

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

    private static readonly UpstreamFailoverOptions Failover = new() { MinimumThroughput = 2, FailureRatio = 1, BreakDuration = TimeSpan.FromSeconds(10) };

    private RemoteChatClient Client(params ScriptedUpstreamFake[] upstreams) =>
        new("story", new RemoteModelOptions
        {
            Upstreams = [.. upstreams.Select((u, i) => new UpstreamOptions { Name = $"u{i}", BaseUrl = u.BaseUrl, Model = "m", Timeout = TimeSpan.FromSeconds(10) })],
            Routing = UpstreamRouting.LeastInFlight,
            HealthCheckInterval = TimeSpan.Zero,
            Failover = Failover,
        }, _time);

    [Fact]
    public async Task A_stream_whose_upstream_fails_before_the_first_token_is_answered_by_another()
    {
        _a.Down = true;
        using var client = Client(_a, _b);

        for (var i = 0; i < 2; i++)
        {
            var answer = await client.GetStreamingResponseAsync(Question).ToChatResponseAsync();
            Assert.Equal("ok", answer.Text);
        }

        Assert.Equal(2, _b.Requests.Count);
        Assert.InRange(_a.Requests.Count, 1, 2); // least-in-flight alternates the first attempt between the two
    }

    [Fact]
    public async Task A_stream_cut_after_its_first_token_is_reported_and_never_replayed()
    {
        _a.CutsAfterFirstToken = true;
        _b.CutsAfterFirstToken = true;
        using var client = Client(_a, _b);
        await using var updates = client.GetStreamingResponseAsync(Question).GetAsyncEnumerator();

        Assert.True(await updates.MoveNextAsync());
        Assert.Equal("ok", updates.Current.Text);
        _a.Cut();
        _b.Cut();
        var failure = await Assert.ThrowsAsync<UpstreamFailedException>(async () => await updates.MoveNextAsync());

        Assert.Equal(1, _a.Requests.Count + _b.Requests.Count);
        Assert.Contains(failure.Upstream, new[] { "u0", "u1" });
        Assert.Equal(new Dictionary<string, int> { ["u0"] = 0, ["u1"] = 0 }, client.InFlight);
    }

    [Fact]
    public async Task An_upstream_that_keeps_failing_is_skipped_until_its_break_ends_on_the_clock()
    {
        _a.Down = true;
        using var client = Client(_a);

        for (var i = 0; i < Failover.MinimumThroughput; i++)
            Assert.Equal(503, (await Assert.ThrowsAsync<UpstreamFailedException>(() => client.GetResponseAsync(Question))).UpstreamStatus);
        var broken = await Assert.ThrowsAsync<UpstreamFailedException>(() => client.GetResponseAsync(Question));
        Assert.IsType<BrokenCircuitException>(broken.InnerException);
        Assert.Equal(Failover.MinimumThroughput, _a.Requests.Count); // the open circuit never reached it

        _a.Down = false;
        _time.Advance(Failover.BreakDuration - TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<UpstreamFailedException>(() => client.GetResponseAsync(Question));
        Assert.Equal(Failover.MinimumThroughput, _a.Requests.Count);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("ok", (await client.GetResponseAsync(Question)).Text);
        Assert.Equal("ok", (await client.GetStreamingResponseAsync(Question).ToChatResponseAsync()).Text);
        Assert.Equal(Failover.MinimumThroughput + 2, _a.Requests.Count);
    }

    [Fact]
    public async Task While_one_upstreams_circuit_is_open_every_request_goes_to_the_other_first()
    {
        _a.Down = true;
        using var client = Client(_a, _b);
        for (var i = 0; i < 4; i++) await client.GetResponseAsync(Question);
        var triedOnA = _a.Requests.Count;

        for (var i = 0; i < 4; i++) await client.GetStreamingResponseAsync(Question).ToChatResponseAsync();

        Assert.Equal(Failover.MinimumThroughput, triedOnA);
        Assert.Equal(triedOnA, _a.Requests.Count);
        Assert.Equal(8, _b.Requests.Count);
    }

    [Theory]
    [InlineData(0, 0.5, 3, 10)]
    [InlineData(3, 0.0, 3, 10)]
    [InlineData(3, 1.5, 3, 10)]
    [InlineData(3, 0.5, 1, 10)]
    [InlineData(3, 0.5, 3, 0)]
    [InlineData(3, 0.5, 3, 100_000)]
    public void Failover_options_are_validated(int maxAttempts, double failureRatio, int minimumThroughput, int breakSeconds)
    {
        var options = new RemoteModelOptions
        {
            Upstreams = [new UpstreamOptions { BaseUrl = new Uri("http://127.0.0.1:1/v1"), Model = "m" }],
            Failover = new UpstreamFailoverOptions
            {
                MaxAttempts = maxAttempts, FailureRatio = failureRatio, MinimumThroughput = minimumThroughput, BreakDuration = TimeSpan.FromSeconds(breakSeconds),
            },
        };

        Assert.Throws<ArgumentOutOfRangeException>(() => new RemoteChatClient("story", options));
    }
}
