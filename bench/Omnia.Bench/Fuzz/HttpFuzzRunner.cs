using System.Diagnostics;
using System.Text;

namespace Omnia.Bench.Fuzz;

/// <summary>Sends one endpoint's sequence with a fixed number of concurrent workers and counts what comes back.</summary>
internal static class HttpFuzzRunner
{
    private const int MaxDrainedBytes = 256 << 20;
    private const int SampleChars = 160;

    /// <summary>Sends the sequence from index <paramref name="from"/> until its end or a stop; returns where a resumed run starts.</summary>
    public static async Task<int> RunAsync(ServerUnderTest server, FuzzSequence<FuzzRequest> sequence, EndpointTally tally, FuzzOptions options,
        EndpointStop stop, int from)
    {
        using var http = server.CreateClient(options.Concurrency);
        var next = from - 1;
        var workers = Enumerable.Range(0, options.Concurrency).Select(worker => Task.Run(async () =>
        {
            while (!stop.Token.IsCancellationRequested && Interlocked.Increment(ref next) is var index && index < sequence.Count)
            {
                var request = sequence.At(index);
                stop.InFlight[index] = request.Case;
                try
                {
                    await SendAsync(server, http, request, tally, options, stop);
                }
                finally
                {
                    stop.InFlight.TryRemove(index, out _);
                }
            }
        }));
        await Task.WhenAll(workers);
        return Math.Min(Volatile.Read(ref next) + 1, sequence.Count);
    }

    private static async Task SendAsync(ServerUnderTest server, HttpClient http, FuzzRequest request, EndpointTally tally, FuzzOptions options, EndpointStop stop)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        timeout.CancelAfter(options.RequestTimeout);
        var started = Stopwatch.GetTimestamp();
        tally.Started();
        try
        {
            using var message = request.ToHttpRequestMessage(http.BaseAddress!);
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            var head = await DrainAsync(response, EndpointTally.IsServerError(status), timeout.Token);
            tally.Answered(status, Stopwatch.GetElapsedTime(started).TotalMilliseconds, request.Case, () => head);
        }
        catch (OperationCanceledException) when (stop.Token.IsCancellationRequested)
        {
            // Abandoned because the run stopped; the crash report lists what was in flight.
        }
        catch (OperationCanceledException)
        {
            if (tally.Hang(request.Case) >= options.MaxHangs)
            {
                stop.Stop($"{options.MaxHangs} hangs (no answer within {options.RequestTimeout.TotalSeconds:F0} s)", serverLost: server.Owned);
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            await TransportFailureAsync(server, tally, request.Case, e.Message, stop);
        }
        catch (UriFormatException e)
        {
            tally.TransportFailure(request.Case, "not sendable: " + e.Message);
        }
    }

    /// <summary>A failed connection is a crash when the server is gone, otherwise a transport failure.</summary>
    public static async Task TransportFailureAsync(ServerUnderTest server, EndpointTally tally, string @case, string message, EndpointStop stop)
    {
        if (await CheckAliveAsync(server, stop))
        {
            tally.TransportFailure(@case, message);
        }
    }

    /// <summary>Whether the server survived a failure; when it did not, the run is stopped as a crash.</summary>
    public static async Task<bool> CheckAliveAsync(ServerUnderTest server, EndpointStop stop)
    {
        try
        {
            if (await server.IsAliveAsync(stop.Token))
            {
                return true;
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        stop.Stop(server.Pid is null ? "crash (the server stopped answering /health)" : $"crash ({server.ExitDescription})", crashed: true);
        return false;
    }

    /// <summary>Reads the whole answer (a stream included), keeping its first characters when they are wanted.</summary>
    private static async Task<string?> DrainAsync(HttpResponseMessage response, bool keepHead, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[16 * 1024];
        var total = 0;
        string? head = null;
        while (await body.ReadAsync(buffer, cancellationToken) is var read and > 0)
        {
            if (keepHead && head is null)
            {
                head = Encoding.UTF8.GetString(buffer, 0, Math.Min(read, SampleChars * 2));
            }

            total += read;
            if (total > MaxDrainedBytes)
            {
                break;
            }
        }

        return head is null ? null : Flatten(head);
    }

    private static string Flatten(string text)
    {
        var line = text.ReplaceLineEndings(" ").Replace('|', '/');
        return line.Length > SampleChars ? line[..SampleChars] + "…" : line;
    }
}
