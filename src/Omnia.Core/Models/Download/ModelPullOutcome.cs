namespace Omnia.Models.Download;

/// <summary>How one file's pull ended.</summary>
public enum ModelPullOutcome
{
    AlreadyInstalled,
    Downloaded,
    Failed,
}
