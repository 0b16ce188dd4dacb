namespace Omnia.Server.RateLimits;

/// <summary>One key's limits; a null one is unlimited (in an override: the default applies).</summary>
public sealed class KeyRateLimit
{
    public int? RequestsPerMinute { get; set; }
    public int? TokensPerMinute { get; set; }
}
