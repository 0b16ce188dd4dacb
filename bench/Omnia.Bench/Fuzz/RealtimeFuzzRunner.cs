using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;

namespace Omnia.Bench.Fuzz;

/// <summary>
/// Runs realtime sessions with a fixed number at once: connect, wait for <c>session.created</c>, send the session's
/// messages, wait until the server has been quiet for a second, close. Counts <c>error</c> events and how each session
/// ended: closed by us (<c>ok</c>), closed by the server with its status (1008, 1011, …), aborted without a close,
/// refused at the handshake, or hung.
/// </summary>
internal static class RealtimeFuzzRunner
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(5);

    /// <summary>Sends the sequence from index <paramref name="from"/> until its end or a stop; returns where a resumed run starts.</summary>
    public static async Task<int> RunAsync(ServerUnderTest server, FuzzSequence<RealtimeFuzzSession> sequence, EndpointTally tally, FuzzOptions options,
        EndpointStop stop, int from)
    {
        var socketBase = new UriBuilder(server.BaseAddress) { Scheme = server.BaseAddress.Scheme == "https" ? "wss" : "ws" }.Uri;
        var next = from - 1;
        var workers = Enumerable.Range(0, options.Concurrency).Select(worker => Task.Run(async () =>
        {
            while (!stop.Token.IsCancellationRequested && Interlocked.Increment(ref next) is var index && index < sequence.Count)
            {
                var session = sequence.At(index);
                stop.InFlight[index] = session.Case;
                try
                {
                    await SessionAsync(server, new Uri(socketBase, "v1/realtime"), session, tally, options, stop);
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

    private static async Task SessionAsync(ServerUnderTest server, Uri url, RealtimeFuzzSession session, EndpointTally tally, FuzzOptions options, EndpointStop stop)
    {
        using var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        socket.Options.CollectHttpResponseDetails = true;
        if (options.ApiKey is { } key)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + key);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        timeout.CancelAfter(options.RequestTimeout);
        var started = Stopwatch.GetTimestamp();
        double Elapsed() => Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        tally.Started();
        var reader = new SessionReader(socket, tally);
        try
        {
            await socket.ConnectAsync(url, timeout.Token);
            var receiving = reader.RunAsync(timeout.Token);
            await reader.Created.Task.WaitAsync(timeout.Token);
            foreach (var message in session.Messages)
            {
                if (socket.State != WebSocketState.Open)
                {
                    break;
                }

                await socket.SendAsync(message.Payload, message.Binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text, true, timeout.Token);
                tally.EventSent();
            }

            while (!receiving.IsCompleted && Stopwatch.GetElapsedTime(reader.LastMessage) < Quiet)
            {
                timeout.Token.ThrowIfCancellationRequested();
                await Task.WhenAny(receiving, Task.Delay(Quiet / 4, timeout.Token));
            }

            if (!receiving.IsCompleted)
            {
                using var closing = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                closing.CancelAfter(CloseWait);
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "fuzz done", closing.Token);
                await receiving.WaitAsync(closing.Token);
                tally.Outcome("ok", Elapsed());
                return;
            }

            await receiving;
            tally.Outcome(socket.CloseStatus is { } status ? $"closed {(int)status}" : "aborted", Elapsed());
        }
        catch (OperationCanceledException) when (stop.Token.IsCancellationRequested)
        {
            // Abandoned because the run stopped.
        }
        catch (OperationCanceledException)
        {
            if (tally.Hang(session.Case) >= options.MaxHangs)
            {
                stop.Stop($"{options.MaxHangs} hung sessions (nothing within {options.RequestTimeout.TotalSeconds:F0} s)", serverLost: server.Owned);
            }
        }
        catch (WebSocketException e) when (socket.HttpStatusCode is not 0 and not System.Net.HttpStatusCode.SwitchingProtocols)
        {
            tally.Answered((int)socket.HttpStatusCode, Elapsed(), session.Case, () => e.Message);
            tally.Outcome("refused", Elapsed());
        }
        catch (WebSocketException) when (reader.Created.Task.IsCompleted)
        {
            // The server ended a session it had accepted, with a close status or without: an abort, unless the process is gone.
            tally.Outcome(socket.CloseStatus is { } status ? $"closed {(int)status}" : "aborted", Elapsed());
            await HttpFuzzRunner.CheckAliveAsync(server, stop);
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException or IOException)
        {
            await HttpFuzzRunner.TransportFailureAsync(server, tally, session.Case, e.Message, stop);
        }
    }

    /// <summary>Reads server events until the socket closes: counts <c>error</c> events and notes when the last one came.</summary>
    private sealed class SessionReader(ClientWebSocket socket, EndpointTally tally)
    {
        public TaskCompletionSource Created { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long LastMessage { get; private set; } = Stopwatch.GetTimestamp();

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            var buffer = new byte[64 * 1024];
            using var message = new MemoryStream();
            try
            {
                while (true)
                {
                    var result = await socket.ReceiveAsync(buffer, cancellationToken);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    message.Write(buffer, 0, result.Count);
                    if (!result.EndOfMessage)
                    {
                        continue;
                    }

                    LastMessage = Stopwatch.GetTimestamp();
                    switch (EventType(message.GetBuffer().AsSpan(0, (int)message.Length)))
                    {
                        case "session.created":
                            Created.TrySetResult();
                            break;
                        case "error":
                            tally.ErrorEvent();
                            break;
                    }

                    message.SetLength(0);
                }
            }
            finally
            {
                Created.TrySetException(new WebSocketException("The session ended before session.created."));
            }
        }

        private static string? EventType(ReadOnlySpan<byte> json)
        {
            try
            {
                var reader = new Utf8JsonReader(json);
                while (reader.Read())
                {
                    if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("type"u8))
                    {
                        reader.Read();
                        return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    }

                    if (reader.CurrentDepth >= 1 && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    {
                        reader.Skip();
                    }
                }
            }
            catch (JsonException)
            {
            }

            return null;
        }
    }
}
