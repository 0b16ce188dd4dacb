using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace Omnia.Server.Observability;

/// <summary>
/// Records one completion's token counts (per model and per API key) and its generation speed (from the first token
/// when streamed), and settles the key's token reservation with the real usage.
/// </summary>
internal sealed class CompletionMeter(ServerMetrics metrics, TimeProvider time, string model, Omnia.Server.RateLimits.TokenReservation reservation)
{
    private readonly long _started = time.GetTimestamp();
    private long? _firstToken;

    public void Token() => _firstToken ??= time.GetTimestamp();

    public void Completed(UsageDetails? usage)
    {
        if (usage is null) return;
        reservation.Settle(usage);
        metrics.RecordKeyUsage(reservation.KeyId, usage);
        var tags = new TagList { { "model", model } };
        metrics.PromptTokens.Add(usage.InputTokenCount ?? 0, tags);
        metrics.CompletionTokens.Add(usage.OutputTokenCount ?? 0, tags);
        if (usage.OutputTokenCount is > 1 and var tokens)
        {
            // Streamed: tokens after the first over the time since it; whole: every token over the whole request.
            var seconds = time.GetElapsedTime(_firstToken ?? _started).TotalSeconds;
            var counted = _firstToken is null ? tokens : tokens - 1;
            if (seconds > 0) metrics.TokensPerSecond.Record(counted / seconds, tags);
        }
    }
}
