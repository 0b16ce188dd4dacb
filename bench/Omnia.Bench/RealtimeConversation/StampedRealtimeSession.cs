using System.ClientModel;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Omnia.Audio;
using OpenAI.Realtime;

namespace Omnia.Bench.RealtimeConversation;

#pragma warning disable OPENAI002 // The SDK's realtime client is experimental; the bench measures Omnia through it as a user's client would.

/// <summary>
/// A realtime session on the official OpenAI SDK (<see cref="RealtimeClient"/>) that stamps every server event with
/// the bench's clock as it is received, and remembers how the server closed the socket.
/// </summary>
/// <remarks>
/// Two things of the SDK's session shape this wrapper: its receive enumeration keeps the token of its first call for
/// the session's life, and a cancelled WebSocket receive or send aborts the socket. So one pump reads the SDK's
/// updates for the session's whole life into a bounded queue (a slow reader stops the socket being read instead of
/// growing memory), readers wait on that queue with their own tokens, and a send's token only stops it starting.
/// One reader consumes <see cref="ReadAsync"/>; sends may come from several tasks (the SDK serializes them).
/// </remarks>
internal sealed class StampedRealtimeSession : IAsyncDisposable
{
    private const int QueuedEvents = 4096;
    private readonly RealtimeSessionClient _session;
    private readonly TimeProvider _time;
    private readonly Channel<ReceivedUpdate> _updates =
        Channel.CreateBounded<ReceivedUpdate>(new BoundedChannelOptions(QueuedEvents) { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _receiving;

    private StampedRealtimeSession(RealtimeSessionClient session, TimeProvider time)
    {
        _session = session;
        _time = time;
        _receiving = Task.Run(ReceiveAsync);
    }

    /// <summary>How the server ended the session (<c>1000 done</c>, <c>1006 (no close frame)</c>), null while it is open.</summary>
    public string? ClosedBy { get; private set; }

    /// <summary>Connects to <c>{server}/v1/realtime?model=…</c> (the SDK builds the URL from its <c>/v1</c> endpoint).</summary>
    public static async Task<StampedRealtimeSession> ConnectAsync(Uri server, string model, TimeProvider time, CancellationToken cancellationToken)
    {
        // The SDK needs a credential; the bench's own server has no keys and ignores it.
        var client = new RealtimeClient(new ApiKeyCredential("omnia-bench"), new RealtimeClientOptions { Endpoint = new Uri(server, "v1") });
        return new StampedRealtimeSession(await client.StartConversationSessionAsync(model, cancellationToken: cancellationToken), time);
    }

    /// <summary>
    /// <c>session.update</c>: pcm16 at 24 kHz in and out, pocketsphinx transcription, <paramref name="turnDetection"/>,
    /// and <paramref name="maxOutputTokens"/> (null: the server's default).
    /// </summary>
    public Task ConfigureAsync(string instructions, RealtimeMaxOutputTokenCount? maxOutputTokens, RealtimeTurnDetection turnDetection, CancellationToken cancellationToken)
    {
        var options = new RealtimeConversationSessionOptions
        {
            Instructions = instructions,
            MaxOutputTokenCount = maxOutputTokens,
            AudioOptions = new RealtimeConversationSessionAudioOptions
            {
                InputAudioOptions = new RealtimeConversationSessionInputAudioOptions
                {
                    AudioFormat = new RealtimePcmAudioFormat(),
                    AudioTranscriptionOptions = new RealtimeAudioTranscriptionOptions { Model = "pocketsphinx-en-us" },
                    TurnDetection = turnDetection,
                },
                OutputAudioOptions = new RealtimeConversationSessionOutputAudioOptions { AudioFormat = new RealtimePcmAudioFormat() },
            },
        };
        return SendAsync(token => _session.ConfigureConversationSessionAsync(options, token), cancellationToken);
    }

    /// <summary>Appends mono samples at 24 kHz to the input buffer, as pcm16.</summary>
    public Task AppendAudioAsync(ReadOnlyMemory<float> samples, CancellationToken cancellationToken)
    {
        var bytes = new byte[samples.Length * 2];
        PcmConverter.FloatToPcm16Bytes(samples.Span, bytes);
        return SendAsync(token => _session.SendInputAudioAsync(BinaryData.FromBytes(bytes), token), cancellationToken);
    }

    /// <summary><c>response.create</c> with the session's settings: an answer nobody spoke for (the turn suite talks over it).</summary>
    public Task StartResponseAsync(CancellationToken cancellationToken) =>
        SendAsync(token => _session.StartResponseAsync(token), cancellationToken);

    /// <summary>Removes an item from the conversation (so the next turn starts without it).</summary>
    public Task DeleteItemAsync(string itemId, CancellationToken cancellationToken) =>
        SendAsync(token => _session.DeleteItemAsync(itemId, token), cancellationToken);

    /// <summary>Server events in arrival order; ends when the server closes the socket.</summary>
    public IAsyncEnumerable<ReceivedUpdate> ReadAsync(CancellationToken cancellationToken) => _updates.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Reads until an event of type <typeparamref name="T"/>; an <c>error</c> or a close first throws.</summary>
    public async Task<T> WaitForAsync<T>(CancellationToken cancellationToken) where T : RealtimeServerUpdate
    {
        await foreach (var received in ReadAsync(cancellationToken))
        {
            if (received.Update is T wanted) return wanted;
            if (received.Update is RealtimeServerUpdateError error) throw new InvalidOperationException($"The server answered with an error: {error.Error?.Message}");
        }

        throw new InvalidOperationException($"The server closed the session ({ClosedBy}) before {typeof(T).Name}.");
    }

    private async Task SendAsync(Func<CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            // The SDK hands the token to the WebSocket, whose cancelled send aborts the socket: none once started.
            await send(CancellationToken.None);
        }
        catch (WebSocketException) when (ClosedBy is not null || _session.WebSocket.State != WebSocketState.Open)
        {
            // The server closed the session; the reader reports how.
        }
    }

    private async Task ReceiveAsync()
    {
        try
        {
            await foreach (var update in _session.ReceiveUpdatesAsync(_closing.Token))
                await _updates.Writer.WriteAsync(new ReceivedUpdate(update, _time.GetTimestamp()), _closing.Token);
            ClosedBy = $"{(int?)_session.WebSocket.CloseStatus} {_session.WebSocket.CloseStatusDescription}".Trim();
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            // We are closing.
        }
        catch (Exception e) when (e is WebSocketException or FormatException or InvalidOperationException or System.Text.Json.JsonException)
        {
            ClosedBy = e is WebSocketException ? "1006 (no close frame)" : $"unreadable message: {e.Message}";
        }
        finally
        {
            _updates.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        var socket = _session.WebSocket;
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // Already gone.
            }
        }

        await _closing.CancelAsync();
        await _receiving;
        _session.Dispose();
        _closing.Dispose();
    }
}
