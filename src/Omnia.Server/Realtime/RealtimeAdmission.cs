using Microsoft.Extensions.AI;
using Omnia.Server.RateLimits;
using Omnia.Voice.Conversation;

namespace Omnia.Server.Realtime;

/// <summary>
/// The key's rate limits for a realtime conversation: each response counts as a request (a speculative one only once
/// confirmed, so an answer dropped because the user went on costs no request) and reserves its estimated tokens;
/// over a limit it is refused (<c>rate_limit_exceeded</c>) and the session goes on.
/// </summary>
internal sealed class RealtimeAdmission(RequestBudget budget, Observability.ServerMetrics metrics) : IResponseAdmission
{
    public IAdmittedResponse Admit(IReadOnlyList<ChatMessage> messages, int? maxOutputTokens, bool speculative)
    {
        if (!speculative && budget.Budget?.TryTakeRequest() is { } refused) throw Refused(refused);
        var estimate = TokenEstimate.Of(messages, maxOutputTokens);
        if (budget.Budget?.TryTakeTokens(estimate) is { } tooMany) throw Refused(tooMany);
        return new Admitted(budget, metrics, new TokenReservation(budget, budget.Budget?.Tokens is null ? 0 : estimate));
    }

    private static ConversationException Refused(RateLimitRefusal refusal) => new("rate_limit_exceeded", refusal.Message);

    private sealed class Admitted(RequestBudget budget, Observability.ServerMetrics metrics, TokenReservation tokens) : IAdmittedResponse
    {
        public void Confirm() => budget.Budget?.Requests?.Settle(1);

        /// <summary>The real usage settles the reservation and counts for the key; then the key's numbers go to the client.</summary>
        public IReadOnlyList<RateLimitState>? Settle(UsageDetails usage)
        {
            tokens.Settle(usage);
            metrics.RecordKeyUsage(tokens.KeyId, usage);
            if (budget.Budget is not { } limits) return null;
            var states = new List<RateLimitState>();
            if (limits.Requests is { } requests) states.Add(new RateLimitState("requests", requests.Limit, requests.Remaining, requests.ResetAfter));
            if (limits.Tokens is { } bucket) states.Add(new RateLimitState("tokens", bucket.Limit, bucket.Remaining, bucket.ResetAfter));
            return states;
        }
    }
}
