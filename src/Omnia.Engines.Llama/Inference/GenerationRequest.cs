using System.Threading.Channels;
using LLama.Native;

namespace Omnia.Engines.Llama.Inference;

/// <summary>
/// One completion for the inference loop: tokens in, text pieces out through <see cref="Output"/>. Built on the
/// request's thread (template, tokenizing, grammar), so the loop only decodes and samples.
/// </summary>
internal sealed class GenerationRequest(LLamaToken[] promptTokens, SamplingSettings sampling, IReadOnlyList<string> stop, int maxTokens, CancellationToken cancellation)
{
    private readonly Channel<GenerationEvent> _output = Channel.CreateUnbounded<GenerationEvent>(new() { SingleReader = true, SingleWriter = true });

    public LLamaToken[] PromptTokens { get; } = promptTokens;
    public SamplingSettings Sampling { get; } = sampling;
    public IReadOnlyList<string> Stop { get; } = stop;

    /// <summary>Most tokens to generate; the loop also stops at the request's context size.</summary>
    public int MaxTokens { get; } = maxTokens;

    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>Written only by the loop; at most one event a generated token, so bounded by the context size.</summary>
    public ChannelWriter<GenerationEvent> Writer => _output.Writer;

    public ChannelReader<GenerationEvent> Reader => _output.Reader;
}
