namespace Omnia.Models;

/// <summary>Whether a model file is present in the models directory (links count by what they point to).</summary>
public enum ModelFileStatus
{
    Installed,
    Missing,

    /// <summary>A download was started and not finished (a <c>.partial</c> file exists).</summary>
    Partial,

    /// <summary>The file is a symbolic link (or an Ollama manifest's blob) whose target is missing; it is reported and never loaded.</summary>
    Dangling,
}
