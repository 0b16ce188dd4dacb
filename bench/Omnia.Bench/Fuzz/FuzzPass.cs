namespace Omnia.Bench.Fuzz;

/// <summary>What one pass over the endpoints found, and the RSS its server started from (its last start's, after a restart).</summary>
internal sealed class FuzzPass
{
    public List<EndpointTally> Tallies { get; } = [];

    public List<FuzzCrash> Crashes { get; } = [];

    /// <summary>Endpoints left when a server given by <c>--url</c> was lost.</summary>
    public List<string> NotRun { get; } = [];

    public bool ServerLost { get; set; }

    public long? RssStart { get; set; }
}
