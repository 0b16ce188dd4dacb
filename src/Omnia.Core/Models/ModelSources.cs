namespace Omnia.Models;

/// <summary>
/// The stores of other tools that are searched after the models directory (read-only, never copied), each switchable
/// off (<c>Omnia:ModelSources:HuggingFaceCache=false</c>).
/// </summary>
public sealed record ModelSources
{
    /// <summary>Search the Hugging Face hub cache (what <c>huggingface-cli download</c> and <c>llama.cpp -hf</c> fill).</summary>
    public bool HuggingFaceCache { get; init; } = true;

    /// <summary>The hub cache; null: <c>HF_HUB_CACHE</c>, else <c>$HF_HOME/hub</c>, else <c>~/.cache/huggingface/hub</c>.</summary>
    public string? HuggingFaceCacheDir { get; init; }

    /// <summary>Only the models directory.</summary>
    public static ModelSources None { get; } = new() { HuggingFaceCache = false };
}
