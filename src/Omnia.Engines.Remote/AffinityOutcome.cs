namespace Omnia.Engines.Remote;

/// <summary>How prefix affinity placed a request's first attempt.</summary>
internal readonly record struct AffinityOutcome(string Name)
{
    /// <summary>The conversation went back to the upstream that served its prefix.</summary>
    public static AffinityOutcome Hit { get; } = new("hit");

    /// <summary>The conversation's upstream was down or saturated; it went to the least busy one.</summary>
    public static AffinityOutcome Moved { get; } = new("moved");

    /// <summary>No upstream was known for the conversation.</summary>
    public static AffinityOutcome New { get; } = new("new");
}
