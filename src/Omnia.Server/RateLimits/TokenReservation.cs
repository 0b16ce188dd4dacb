using Microsoft.Extensions.AI;

namespace Omnia.Server.RateLimits;

/// <summary>Tokens taken from a key on an estimate; <see cref="Settle"/> charges or gives back the difference to the real usage once.</summary>
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
}
