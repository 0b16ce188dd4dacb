namespace Omnia.Models;

/// <summary>Whether a catalog file is present in the models directory.</summary>
public enum ModelFileStatus
{
    Installed,
    Missing,

    /// <summary>A download was started and not finished (a <c>.partial</c> file exists).</summary>
    Partial,
}
