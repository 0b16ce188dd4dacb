namespace Omnia.Bench.Fuzz;

/// <summary>What went wrong for one case of one endpoint, with the first 5xx body as a sample of the server's message.</summary>
internal sealed class CaseFailures
{
    public int ServerErrors;
    public int Hangs;
    public int TransportFailures;
    public int InFlightAtCrash;
    public string? Sample;
}
