namespace Omnia.Models;

/// <summary>
/// The stores of other tools that are searched after the models directory (read-only, never copied), each switchable
/// off (<c>Omnia:ModelSources:HuggingFaceCache=false</c>, <c>:Ollama</c>, <c>:LmStudio</c>).
/// </summary>
public sealed record ModelSources
{
    /// <summary>Search the Hugging Face hub cache (what <c>huggingface-cli download</c> and <c>llama.cpp -hf</c> fill).</summary>
    public bool HuggingFaceCache { get; init; } = true;

    /// <summary>The hub cache; null: <c>HF_HUB_CACHE</c>, else <c>$HF_HOME/hub</c>, else <c>~/.cache/huggingface/hub</c>.</summary>
    public string? HuggingFaceCacheDir { get; init; }

    /// <summary>Search Ollama's store (its library models, named like <c>qwen2.5:0.5b</c>).</summary>
    public bool Ollama { get; init; } = true;

    /// <summary>Ollama's store; null: <c>OLLAMA_MODELS</c>, else <c>~/.ollama/models</c>.</summary>
    public string? OllamaDir { get; init; }

    /// <summary>Search LM Studio's models folder.</summary>
    public bool LmStudio { get; init; } = true;

    /// <summary>LM Studio's models folder; null: <c>~/.lmstudio/models</c>.</summary>
    public string? LmStudioDir { get; init; }

    /// <summary>Only the models directory.</summary>
    public static ModelSources None { get; } = new() { HuggingFaceCache = false, Ollama = false, LmStudio = false };
}
