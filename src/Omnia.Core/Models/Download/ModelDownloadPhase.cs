namespace Omnia.Models.Download;

/// <summary>Where one file's pull is.</summary>
public enum ModelDownloadPhase
{
    /// <summary>Hashing what is already on disk: an installed file, or a partial one before it is resumed.</summary>
    Checking,
    Downloading,

    /// <summary>Verified and in place (downloaded now or already installed).</summary>
    Done,
    Failed,
}
