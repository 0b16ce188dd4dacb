using Microsoft.Extensions.AI;

namespace Omnia.Server.RateLimits;

/// <summary>
/// Tokens taken from a key on an estimate; <see cref="Settle"/> charges or gives back the difference to the real
/// usage, or <see cref="Release"/> gives it all back when the request failed: whichever comes first, once.
/// </summary>
public sealed class TokenReservation(RequestBudget owner, long estimate)
{
    private int _settled;

    public string KeyId => owner.KeyId;

    public void Settle(UsageDetails usage)
    {
        if (Interlocked.Exchange(ref _settled, 1) != 0) return;
        var used = (usage.InputTokenCount ?? 0) + (usage.OutputTokenCount ?? 0);
        owner.Budget?.Tokens?.Settle(used - estimate);
    }

    /// <summary>The request failed before it produced anything: the estimate is given back.</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _settled, 1) != 0) return;
        owner.Budget?.Tokens?.Settle(-estimate);
    }
}
