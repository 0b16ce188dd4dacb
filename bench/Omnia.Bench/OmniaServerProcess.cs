using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Omnia.Bench;

/// <summary>
/// An <c>omnia serve</c> subprocess on a free loopback port with its store in a temporary data directory, killed and
/// the directory removed when disposed.
/// </summary>
internal sealed class OmniaServerProcess : IAsyncDisposable
{
    private const int KeptOutputLines = 40;
    private readonly Process _process;
    private readonly DirectoryInfo _dataDir;
    private readonly Queue<string> _output = new();

    private OmniaServerProcess(Process process, Uri baseAddress, DirectoryInfo dataDir)
    {
        _process = process;
        BaseAddress = baseAddress;
        _dataDir = dataDir;
    }

    public Uri BaseAddress { get; }

    /// <summary>The server's own process id (it runs as <c>dotnet omnia.dll</c>, no wrapper), for its RSS.</summary>
    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, or null while the server runs.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Starts the server and waits until <c>GET /health</c> answers 200.</summary>
    public static Task<OmniaServerProcess> StartAsync(
        string cliDll, string modelPath, int parallel, int contextSize, TimeSpan timeout, CancellationToken cancellationToken,
        params string[] extraArguments) =>
        StartAsync(cliDll, Path.GetDirectoryName(modelPath)!, modelPath, parallel, contextSize, timeout, cancellationToken, extraArguments);

    /// <summary>Starts the server on a models directory (its VAD and speech models too) with a chat model by name or path.</summary>
    public static async Task<OmniaServerProcess> StartAsync(
        string cliDll, string modelsDir, string chatModel, int parallel, int contextSize, TimeSpan timeout, CancellationToken cancellationToken,
        params string[] extraArguments)
    {
        if (!File.Exists(cliDll))
        {
            throw new FileNotFoundException(
                $"The Omnia CLI is not built at {cliDll}. Build it (dotnet build src/Omnia.Cli -c Release) or pass --no-http.",
                cliDll);
        }

        var port = FreeLoopbackPort();
        var dataDir = Directory.CreateTempSubdirectory("omnia-bench-data-");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     cliDll, "serve", "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--models-dir", modelsDir, "--chat-model", chatModel,
                     "--parallel", parallel.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--context-size", contextSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--load-mode", "read", "--offline", "--data-dir", dataDir.FullName,
                 }.Concat(extraArguments))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start `dotnet` for the Omnia server.");
        var server = new OmniaServerProcess(process, new Uri($"http://127.0.0.1:{port}/"), dataDir);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilHealthyAsync(timeout, cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The last lines the server printed, for error messages.</summary>
    public string OutputTail()
    {
        lock (_output)
        {
            return string.Join(Environment.NewLine, _output);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token);
        }

        _process.Dispose();
        _dataDir.Delete(recursive: true);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"The Omnia server exited with code {_process.ExitCode} before it was ready:{Environment.NewLine}{OutputTail()}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("health", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A slow answer while the model loads; ask again.
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new TimeoutException(
            $"The Omnia server did not report healthy within {timeout.TotalSeconds:F0} s:{Environment.NewLine}{OutputTail()}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > KeptOutputLines)
            {
                _output.Dequeue();
            }
        }
    }
}
