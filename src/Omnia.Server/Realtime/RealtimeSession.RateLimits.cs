using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Omnia.Server.RateLimits;

namespace Omnia.Server.Realtime;

internal sealed partial class RealtimeSession
{
    /// <summary>
    /// Each response counts against the key as a request (a speculative one only once released, so an answer dropped
    /// because the user went on costs no request) and reserves its estimated tokens; over a limit it is refused with
    /// an error event (<c>rate_limit_exceeded</c>) and the session goes on.
    /// </summary>
    private TokenReservation Admit(List<ChatMessage> messages, ResponseSettings settings, bool speculative)
    {
        var budget = _deps.Budget;
        if (!speculative && budget.Budget?.TryTakeRequest() is { } refused) throw Refused(refused);
        var estimate = TokenEstimate.Of(messages, settings.MaxOutputTokens);
        if (budget.Budget?.TryTakeTokens(estimate) is { } tooMany) throw Refused(tooMany);
        return new TokenReservation(budget, budget.Budget?.Tokens is null ? 0 : estimate);
    }

    private static RealtimeProtocolException Refused(RateLimitRefusal refusal) => new("rate_limit_exceeded", refusal.Message);

    /// <summary>The response's real usage settles its reservation and counts for its key; then the key's numbers go to the client.</summary>
    private void Settle(ActiveResponse active, TokenReservation tokens, UsageDetails usage)
    {
        tokens.Settle(usage);
        _deps.ServerMetrics.RecordKeyUsage(tokens.KeyId, usage);
        if (_deps.Budget.Budget is not { } budget) return;
        var limits = new JsonArray();
        if (budget.Requests is { } requests) limits.Add(Limit("requests", requests));
        if (budget.Tokens is { } bucket) limits.Add(Limit("tokens", bucket));
        Emit(active, new JsonObject { ["type"] = "rate_limits.updated", ["rate_limits"] = limits });
    }

    private static JsonObject Limit(string name, MinuteBucket bucket) => new()
    {
        ["name"] = name, ["limit"] = bucket.Limit, ["remaining"] = bucket.Remaining, ["reset_seconds"] = Math.Round(bucket.ResetAfter.TotalSeconds, 3),
    };
}
