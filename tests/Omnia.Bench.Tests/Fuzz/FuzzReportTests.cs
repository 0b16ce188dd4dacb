using Omnia.Bench.Fuzz;

namespace Omnia.Bench.Tests.Fuzz;

public sealed class FuzzReportTests
{
    private static readonly FuzzOptions Options = new() { Endpoints = ["chat"], CliDll = "omnia.dll", ModelsDir = "models" };

    [Fact]
    public void A_5xx_in_the_warm_up_pass_fails_the_run()
    {
        var warmUp = new EndpointTally("/v1/chat/completions");
        warmUp.Answered(500, 1, "case", () => "boom");

        var report = Report(warmUp: [warmUp], start: 100, idle: 100);

        Assert.False(report.Passed);
        Assert.Contains("/v1/chat/completions (warm-up)", report.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(110, true)]
    [InlineData(111, false)]
    public void The_rss_verdict_compares_idle_with_the_soak_start_and_reports_the_first_use_too(long idleMiB, bool returned)
    {
        var report = Report(warmUp: [], start: 100, idle: idleMiB, firstUse: 80);

        Assert.Equal(returned, report.RssReturned);
        Assert.Contains($"idle is {(double)idleMiB / 80 - 1:+0%;-0%} from there", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_warm_up_pass_uses_another_seed_and_a_tenth_as_many_sessions()
    {
        var pass = (Options with { WarmUpRequests = 300 }).WarmUpPass();

        Assert.Equal(300, pass.Requests);
        Assert.Equal(30, pass.RealtimeSessions);
        Assert.NotEqual(Options.Seed, pass.Seed);
        Assert.Equal(TimeSpan.Zero, pass.Idle);
    }

    private static FuzzReport Report(IReadOnlyList<EndpointTally> warmUp, long start, long idle, long? firstUse = null)
    {
        var soak = new EndpointTally("/v1/chat/completions") { RssBefore = start << 20, RssPeak = start << 20, RssAfter = idle << 20 };
        soak.Answered(200, 1, "valid", () => null);
        return new FuzzReport
        {
            Options = Options,
            Server = "test",
            Endpoints = [soak],
            Crashes = [],
            NotRun = [],
            WarmUp = warmUp,
            RssFirstUse = firstUse << 20,
            RssStart = start << 20,
            RssEnd = idle << 20,
            RssIdle = idle << 20,
        };
    }
}
