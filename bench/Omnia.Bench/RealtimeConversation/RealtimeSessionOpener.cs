using OpenAI.Realtime;

namespace Omnia.Bench.RealtimeConversation;

#pragma warning disable OPENAI002 // The SDK's realtime types are experimental; the bench measures Omnia through them as a user's client would.

/// <summary>Opens a bench session: connect, <c>session.created</c>, the bench's <c>session.update</c>, <c>session.updated</c>.</summary>
internal sealed class RealtimeSessionOpener(Uri server, string model, RealtimeBenchOptions options, TimeProvider time)
{
    /// <summary>A kept-history session: the bench's turn detection, and <c>max_output_tokens</c> as set (unset: <c>"inf"</c>).</summary>
    public Task<StampedRealtimeSession> OpenAsync(CancellationToken cancellationToken) =>
        OpenAsync(TurnDetection(options), MaxOutputTokens(options.MaxOutputTokens) ?? new RealtimeMaxOutputTokenCount(RealtimeDefaultMaxOutputTokenCount.Infinity), cancellationToken);

    /// <summary>A session with <paramref name="turnDetection"/> and <paramref name="maxOutputTokens"/> (null: the server's default).</summary>
    public async Task<StampedRealtimeSession> OpenAsync(RealtimeTurnDetection turnDetection, RealtimeMaxOutputTokenCount? maxOutputTokens, CancellationToken cancellationToken)
    {
        var session = await StampedRealtimeSession.ConnectAsync(server, model, time, cancellationToken);
        try
        {
            await session.WaitForAsync<RealtimeServerUpdateSessionCreated>(cancellationToken);
            await session.ConfigureAsync(options.Instructions, maxOutputTokens, turnDetection, cancellationToken);
            await session.WaitForAsync<RealtimeServerUpdateSessionUpdated>(cancellationToken);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    public KeptTurnDriver Driver(StampedRealtimeSession session) => new(session, time, options.ListenMs, options.AnswerLimit);

    /// <summary>The conversation and soak modes' turn detection: the tuned server_vad, or semantic_vad with eagerness high.</summary>
    public static RealtimeTurnDetection TurnDetection(RealtimeBenchOptions options) => options.SemanticVad
        ? new RealtimeSemanticVadTurnDetection { EagernessLevel = RealtimeSemanticVadEagernessLevel.High }
        : TunedServerVad(options);

    /// <summary>server_vad with the tuned silence and prefix.</summary>
    public static RealtimeServerVadTurnDetection TunedServerVad(RealtimeBenchOptions options) => new()
    {
        SilenceDuration = TimeSpan.FromMilliseconds(options.TunedSilenceMs),
        PrefixPadding = TimeSpan.FromMilliseconds(options.TunedPrefixMs),
    };

    public static RealtimeMaxOutputTokenCount? MaxOutputTokens(int? tokens) => tokens is { } max ? new RealtimeMaxOutputTokenCount(max) : null;
}
