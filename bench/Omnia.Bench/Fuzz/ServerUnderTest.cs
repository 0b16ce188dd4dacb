using System.Net.Http.Headers;

namespace Omnia.Bench.Fuzz;

/// <summary>
/// The server being fuzzed: one this bench started (restartable after a crash, killable when it runs away) or one
/// given by <c>--url</c> (and <c>--pid</c>, without which a crash is told only by <c>/health</c> not answering).
/// </summary>
internal sealed class ServerUnderTest : IAsyncDisposable
{
    private readonly FuzzOptions _options;
    private readonly TextWriter _log;
    private OmniaServerProcess? _owned;

    private ServerUnderTest(FuzzOptions options, TextWriter log, Uri baseAddress)
    {
        _options = options;
        _log = log;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; private set; }

    public bool Owned => _options.Url is null;

    /// <summary>The process whose RSS is read, when known.</summary>
    public int? Pid => _owned?.ProcessId ?? _options.Pid;

    /// <summary>How many times a crashed or killed server was started again.</summary>
    public int Restarts { get; private set; }

    public static async Task<ServerUnderTest> StartAsync(FuzzOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        if (options.Url is { } url)
        {
            return new ServerUnderTest(options, log, url);
        }

        var server = new ServerUnderTest(options, log, new Uri("http://127.0.0.1/"));
        await server.StartOwnedAsync(cancellationToken);
        return server;
    }

    /// <summary>The key the server wants, if any.</summary>
    public string? ApiKey => _options.ApiKey;

    public HttpClient CreateClient(int connections)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        var client = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        if (_options.ApiKey is { } key)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    /// <summary>Whether the process has exited (true only when there is a process to watch).</summary>
    public bool HasExited => _owned is { } owned ? owned.HasExited : _options.Pid is { } pid && ProcessMemory.Rss(pid) is null;

    public string ExitDescription => _owned?.ExitCode is { } code
        ? $"exit code {code}{(code > 128 ? $" (signal {code - 128})" : code < 0 ? " (killed)" : "")}"
        : "the process is gone";

    /// <summary>Whether the server still answers: its process is there, or without one, <c>/health</c> answers twice in a row.</summary>
    public async Task<bool> IsAliveAsync(CancellationToken cancellationToken)
    {
        if (Pid is not null)
        {
            // A reset connection can arrive a moment before the exit is visible.
            await Task.Delay(300, cancellationToken);
            return !HasExited;
        }

        using var client = CreateClient(1);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                using var response = await client.GetAsync(new Uri("health", UriKind.Relative), timeout.Token);
                return true;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(1000, cancellationToken);
            }
        }

        return false;
    }

    public long? Rss() => Pid is { } pid ? ProcessMemory.Rss(pid) : null;

    /// <summary>The owned server's last output lines (where a native abort prints its reason).</summary>
    public string OutputTail() => _owned?.OutputTail() ?? "";

    /// <summary>Kills the owned server (it ran away) or does nothing to someone else's.</summary>
    public async Task KillAsync()
    {
        if (_owned is { } owned)
        {
            _owned = null;
            await owned.DisposeAsync();
        }
    }

    /// <summary>Starts the owned server again after it died or was killed; false for a server given by URL.</summary>
    public async Task<bool> RestartAsync(CancellationToken cancellationToken)
    {
        if (!Owned)
        {
            return false;
        }

        await KillAsync();
        Restarts++;
        await StartOwnedAsync(cancellationToken);
        return true;
    }

    public async ValueTask DisposeAsync() => await KillAsync();

    private async Task StartOwnedAsync(CancellationToken cancellationToken)
    {
        _log.WriteLine($"fuzz: starting omnia serve on stories260K ({_options.ModelsDir})");
        _owned = await OmniaServerProcess.StartAsync(
            _options.CliDll, _options.ModelsDir, "stories260k", _options.Concurrency, 512 * _options.Concurrency, TimeSpan.FromMinutes(2), cancellationToken);
        BaseAddress = _owned.BaseAddress;
        _log.WriteLine($"fuzz: server pid {_owned.ProcessId} at {BaseAddress}");
    }
}
