namespace Omnia.Models.Download;

/// <summary>How one file's pull ended.</summary>
public enum ModelPullOutcome
{
    AlreadyInstalled,
    Downloaded,

    /// <summary>A verified copy was found in another tool's store (the Hugging Face cache) and linked, not downloaded.</summary>
    Linked,
    Failed,
}
