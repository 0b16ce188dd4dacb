using System.Threading.Channels;
using LLama.Native;
using Omnia.Engines.Llama.Multimodal;

namespace Omnia.Engines.Llama.Inference;

/// <summary>
/// One completion for the inference loop: tokens (or text with media) in, text pieces out through <see cref="Reader"/>.
/// Built on the request's thread (template, tokenizing, grammar, audio decoding), so the loop only turns media into
/// bitmaps, decodes and samples.
/// </summary>
internal sealed class GenerationRequest(
    LLamaToken[] promptTokens, SamplingSettings sampling, IReadOnlyList<string> stop, int maxTokens, CancellationToken cancellation,
    MediaPrompt? media = null, bool cachePrompt = true, string? conversationId = null, bool prefillOnly = false, LLamaToken? endOfTurnToken = null)
{
    private readonly Channel<GenerationEvent> _output = Channel.CreateUnbounded<GenerationEvent>(new() { SingleReader = true, SingleWriter = true });

    /// <summary>The tokenized prompt; empty when <see cref="Media"/> carries the prompt instead.</summary>
    public LLamaToken[] PromptTokens { get; } = promptTokens;

    /// <summary>A prompt with images or audio, tokenized by libmtmd on the loop's thread; null for text-only requests.</summary>
    public MediaPrompt? Media { get; } = media;
    public SamplingSettings Sampling { get; } = sampling;
    public IReadOnlyList<string> Stop { get; } = stop;

    /// <summary>Most tokens to generate; the loop also stops at the request's context size.</summary>
    public int MaxTokens { get; } = maxTokens;

    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>False neither reuses a cached prefix nor leaves one (llama.cpp's <c>cache_prompt: false</c>).</summary>
    public bool CachePrompt { get; } = cachePrompt;

    /// <summary>The conversation this turn belongs to: its slot is kept for its next turn until it ends.</summary>
    public string? ConversationId { get; } = conversationId;

    /// <summary>
    /// Decode the prompt into the cache and stop without sampling (<see cref="Omnia.Chat.IPromptPrefiller"/>). Skipped
    /// when it would take a slot its conversation's running turn holds or no slot is free.
    /// </summary>
    public bool PrefillOnly { get; } = prefillOnly;

    /// <summary>For a prefill: the token whose probability after the prompt's last token is read (the template's end of turn).</summary>
    public LLamaToken? EndOfTurnToken { get; } = endOfTurnToken;

    /// <summary>Written only by the loop; at most one event a generated token, so bounded by the context size.</summary>
    public ChannelWriter<GenerationEvent> Writer => _output.Writer;

    public ChannelReader<GenerationEvent> Reader => _output.Reader;
}
