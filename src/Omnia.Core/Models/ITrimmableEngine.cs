namespace Omnia.Models;

/// <summary>An engine that keeps warm native resources beyond what it needs at rest, and can free them when the server is idle.</summary>
/// <remarks>
/// Found through the engine's <c>GetService</c>, as Microsoft.Extensions.AI clients expose their features, so
/// delegating wrappers pass it through. <see cref="TrimIdle"/> may run while requests start: it frees only what no
/// request holds.
/// </remarks>
public interface ITrimmableEngine
{
    /// <summary>Frees the resources kept warm beyond the engine's resting minimum that no request is using.</summary>
    void TrimIdle();
}
