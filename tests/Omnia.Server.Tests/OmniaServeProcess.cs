using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Omnia.Server.Tests;

/// <summary>
/// <c>omnia serve</c> as its own process on a free loopback port, for tests that must kill a server the hard way
/// (<see cref="Process.Kill()"/>: nothing runs at exit). Disposing kills it if it still runs.
/// </summary>
internal sealed class OmniaServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private OmniaServeProcess(Process process, Uri baseAddress)
    {
        _process = process;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(1) };
    }

    public HttpClient Http { get; }

    /// <summary>What the server printed so far (for a failed assertion's message).</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>Starts <c>omnia serve</c> with <paramref name="arguments"/> and <paramref name="environment"/>, and waits until <c>/health</c> says ok.</summary>
    public static async Task<OmniaServeProcess> StartAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var port = FreePort();
        var start = OmniaExecutable.StartInfo(environment,
            ["serve", "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--offline", .. arguments]);
        var server = new OmniaServeProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}/"));
        server._process.OutputDataReceived += (_, line) => server.Append(line.Data);
        server._process.ErrorDataReceived += (_, line) => server.Append(line.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!await server.HealthyAsync())
        {
            if (server._process.HasExited || DateTime.UtcNow > deadline)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"omnia serve did not become healthy:\n{server.Output}");
            }
            await Task.Delay(100);
        }
        return server;
    }

    /// <summary>Kills the process at once, as a crash or <c>kill -9</c> would, and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    private async Task<bool> HealthyAsync()
    {
        try
        {
            using var response = await Http.GetAsync("health");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited) await KillAsync();
        _process.Dispose();
    }
}
