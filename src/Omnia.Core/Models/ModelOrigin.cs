namespace Omnia.Models;

/// <summary>Where a model file was found: Omnia's own models directory, or another tool's store read in place.</summary>
public enum ModelOrigin
{
    ModelsDir,
    HuggingFaceCache,
    Ollama,
    LmStudio,
}
