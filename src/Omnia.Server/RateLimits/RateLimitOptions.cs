namespace Omnia.Server.RateLimits;

/// <summary>
/// Requests and tokens per minute for each API key (configuration section <c>Omnia:RateLimits</c>). Off by default:
/// a self-hosted server's owner decides whether to ration their own hardware, so nothing is limited until a limit is
/// set. Without API keys, every client shares one <c>anonymous</c> budget.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Requests per minute each key may make (null: unlimited).</summary>
    public int? RequestsPerMinute { get; set; }

    /// <summary>Tokens (prompt and completion) per minute each key may use (null: unlimited).</summary>
    public int? TokensPerMinute { get; set; }

    /// <summary>Limits of particular keys, by key id (the first 8 hex digits of the key's SHA-256, as <c>/metrics</c> shows it).</summary>
    public Dictionary<string, KeyRateLimit> Keys { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Throws when a limit is zero or negative (a typo should stop the server at start, not refuse every request).</summary>
    public void Validate()
    {
        foreach (var (name, limit) in Keys.Select(k => ($"Keys:{k.Key}:", k.Value)).Prepend(("", new KeyRateLimit { RequestsPerMinute = RequestsPerMinute, TokensPerMinute = TokensPerMinute })))
        {
            if (limit.RequestsPerMinute is <= 0) throw new InvalidOperationException($"Omnia:RateLimits:{name}RequestsPerMinute must be positive (leave it unset for no limit).");
            if (limit.TokensPerMinute is <= 0) throw new InvalidOperationException($"Omnia:RateLimits:{name}TokensPerMinute must be positive (leave it unset for no limit).");
        }
    }

    /// <summary>The limits of the key with <paramref name="keyId"/>: its override where one is set, else the defaults.</summary>
    public KeyRateLimit For(string keyId) => Keys.TryGetValue(keyId, out var own)
        ? new KeyRateLimit { RequestsPerMinute = own.RequestsPerMinute ?? RequestsPerMinute, TokensPerMinute = own.TokensPerMinute ?? TokensPerMinute }
        : new KeyRateLimit { RequestsPerMinute = RequestsPerMinute, TokensPerMinute = TokensPerMinute };
}
