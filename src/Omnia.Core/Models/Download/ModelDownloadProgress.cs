namespace Omnia.Models.Download;

/// <summary>One file's progress: bytes on disk of <see cref="TotalBytes"/> (when known), the recent rate and the time left.</summary>
public sealed record ModelDownloadProgress(
    string Name,
    string File,
    ModelDownloadPhase Phase,
    long Bytes,
    long? TotalBytes,
    double BytesPerSecond,
    TimeSpan? Remaining)
{
    /// <summary>Bytes over total in [0, 1], when the total is known.</summary>
    public double? Fraction => TotalBytes is > 0 and var total ? Math.Clamp((double)Bytes / total, 0, 1) : null;
}
