namespace Omnia.Bench.Fuzz;

/// <summary>What <c>bench fuzz</c> runs against and how hard.</summary>
internal sealed record FuzzOptions
{
    /// <summary>The endpoint families, by the short names <c>--endpoint</c> takes, in the order they run.</summary>
    public static IReadOnlyList<string> AllEndpoints { get; } = ["models", "moderations", "speech", "transcriptions", "translations", "chat", "realtime"];

    /// <summary>A running server to hit; null starts <c>omnia serve</c> on stories260K.</summary>
    public Uri? Url { get; init; }

    /// <summary>The process id of <see cref="Url"/>'s server, for its RSS and to tell a crash from a network error.</summary>
    public int? Pid { get; init; }

    public string? ApiKey { get; init; }

    public required IReadOnlyList<string> Endpoints { get; init; }

    public int Requests { get; init; } = 10_000;

    public int RealtimeSessions { get; init; } = 500;

    public int Concurrency { get; init; } = 8;

    public int Seed { get; init; } = 1;

    /// <summary>An answer slower than this is a hang (the request is abandoned).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>An endpoint stops after this many hangs: a wedged server only adds more.</summary>
    public int MaxHangs { get; init; } = 10;

    /// <summary>A server this bench started is restarted after a crash and the endpoint goes on, until this many crashes.</summary>
    public int MaxCrashes { get; init; } = 1;

    /// <summary>Above this RSS the bench stops the endpoint (and kills a server it started) rather than let it take the machine.</summary>
    public long RssLimitBytes { get; init; } = 4L << 30;

    public TimeSpan Idle { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Requests per HTTP endpoint of a first pass with another seed (realtime: a tenth as many sessions), so the RSS
    /// start is a server that has run every path once; 0 starts from the single-request warm-up.
    /// </summary>
    public int WarmUpRequests { get; init; } = 500;

    /// <summary>The first pass: fewer requests, another seed (the idle wait after it is the soak's, before its start RSS).</summary>
    public FuzzOptions WarmUpPass() => this with
    {
        Requests = WarmUpRequests,
        RealtimeSessions = Math.Max(1, WarmUpRequests / 10),
        Seed = Seed + 1_000_003,
        Idle = TimeSpan.Zero,
    };

    /// <summary>The largest body a corpus builds (the 10 MB findings are cut to it).</summary>
    public int MaxBody { get; init; } = 10 << 20;

    public required string CliDll { get; init; }

    public required string ModelsDir { get; init; }
}
