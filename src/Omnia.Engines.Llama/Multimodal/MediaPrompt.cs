namespace Omnia.Engines.Llama.Multimodal;

/// <summary>A rendered prompt whose text holds one media marker where each of <see cref="Inputs"/> goes, in order.</summary>
internal sealed record MediaPrompt(string Text, IReadOnlyList<MediaInput> Inputs);
