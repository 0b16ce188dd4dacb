namespace Omnia.Bench;

/// <summary>What the <c>realtime</c> bench measures.</summary>
internal enum RealtimeBenchMode
{
    /// <summary>Turn-detection modes against a naive cascade, then concurrent sessions; each turn's items deleted.</summary>
    Latency,

    /// <summary>One session whose turns keep the whole history: per-turn latency, prompt and cached tokens.</summary>
    Conversation,

    /// <summary>Several kept-history sessions for minutes: stuck turns, errors, closes and the server's memory.</summary>
    Soak,
}
