namespace Omnia.Models.Sources;

/// <summary>
/// A model in Ollama's store, as its manifest describes it: the GGUF blob, its projector blob if any, their SHA-256
/// and sizes (from the digests), and why it cannot be used when a blob is missing.
/// </summary>
public sealed record OllamaModel(string Name, string ModelPath, string ModelSha256, long ModelSize, string? ProjectorPath, string? ProjectorSha256, long ProjectorSize, string? Problem);
