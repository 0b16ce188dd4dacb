namespace Omnia.Server;

/// <summary>Protocol-level settings of the HTTP server: keys, limits and timeouts.</summary>
public sealed class OmniaServerOptions
{
    /// <summary>When any are set, every <c>/v1</c> route needs <c>Authorization: Bearer KEY</c>.</summary>
    public IReadOnlyList<string> ApiKeys { get; set; } = [];

    /// <summary>
    /// Signs the Realtime API's ephemeral <c>ek_</c> client secrets; nodes that share it accept each other's. When
    /// unset, each secret is signed with a key derived from the API key that minted it (nodes sharing API keys accept
    /// each other's), or, without API keys, with a random key of this process.
    /// </summary>
    public string? ClientSecretKey { get; set; }

    /// <summary>
    /// With API keys set, <c>/health</c> still answers everyone (liveness and readiness: its status code and
    /// <c>status</c>), but lists models and engines only to a key holder, unless this is set.
    /// </summary>
    public bool PublicHealth { get; set; }

    /// <summary>With API keys set, <c>/metrics</c> needs a key (it names models and key ids), unless this is set for a scraper without one.</summary>
    public bool PublicMetrics { get; set; }

    /// <summary>Requests and tokens per minute per API key; off unless configured.</summary>
    public RateLimits.RateLimitOptions RateLimits { get; set; } = new();

    /// <summary>Bounds on what one realtime session may hold: event size, items, conversation and audio buffer.</summary>
    public Realtime.RealtimeLimits RealtimeLimits { get; set; } = new();

    /// <summary>What realtime sessions' semantic_vad reads unless a session says (<c>session.omnia.end_of_turn</c>).</summary>
    public Omnia.Voice.Conversation.EndOfTurnScoring EndOfTurn { get; set; } = Omnia.Voice.Conversation.EndOfTurnScoring.Auto;

    /// <summary>The most images one <c>/v1/images/generations</c> request may ask for (<c>n</c>); OpenAI allows 10, each one here costs a whole generation.</summary>
    public int MaxImagesPerRequest { get; set; } = 4;

    /// <summary>Largest request body accepted; larger ones get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>How long one request may run, streaming included, before it is cut off.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Limits on uploaded audio (bytes and duration), enforced while it is decoded.</summary>
    public Omnia.Audio.AudioLimits AudioLimits { get; set; } = Omnia.Audio.AudioLimits.Default;

    /// <summary>OpenAI voice names (alloy, ash, …) mapped to engine voice ids; other names go to the engine as they are.</summary>
    public IReadOnlyDictionary<string, string> Voices { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
