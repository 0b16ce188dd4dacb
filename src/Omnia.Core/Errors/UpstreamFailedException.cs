namespace Omnia.Errors;

/// <summary>
/// A remote engine's upstream failed or answered something unusable; the server answers 502 naming
/// <see cref="Upstream"/>, or passes on the upstream's own client-error status.
/// </summary>
public sealed class UpstreamFailedException(string upstream, string message, int? upstreamStatus = null, Exception? inner = null)
    : Exception($"Upstream '{upstream}': {message}", inner)
{
    public string Upstream { get; } = upstream;

    /// <summary>The HTTP status the upstream answered with, when it answered at all.</summary>
    public int? UpstreamStatus { get; } = upstreamStatus;
}
