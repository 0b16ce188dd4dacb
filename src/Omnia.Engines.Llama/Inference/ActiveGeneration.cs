using System.Text;
using LLama;
using LLama.Native;
using LLama.Sampling;
using Omnia.Engines.Llama.Caching;

namespace Omnia.Engines.Llama.Inference;

/// <summary>
/// A request the loop is decoding: its KV slot and position, the tokens it still has to decode, its sampler,
/// detokenizer and stop matcher.
/// </summary>
internal sealed class ActiveGeneration : ISlotTenant, IDisposable
{
    /// <summary><see cref="SampleIndex"/> when the last decode left no logits for this sequence.</summary>
    public const int NothingToSample = int.MinValue;

    private readonly LLamaToken[] _bans;

    /// <summary>
    /// Temperature 0 with nothing else to apply is an argmax over the logits: done here it skips building and sorting a
    /// candidate array of the whole vocabulary (152k entries for Qwen) every token.
    /// </summary>
    private readonly bool _greedy;

    /// <summary>Holds the one sampled token a generating request decodes next, without an array each step.</summary>
    private readonly LLamaToken[] _sampled = new LLamaToken[1];

    private ReadOnlyMemory<LLamaToken> _pending;

    /// <param name="recordAnswer">Whether the answer is kept with its tokens when it ends whole (the prompt cache is on).</param>
    public ActiveGeneration(GenerationRequest request, LLamaWeights weights, bool recordAnswer)
    {
        Request = request;
        Answer = new AnswerRecorder(recordAnswer && !request.PrefillOnly);
        Decoder = new StreamingTokenDecoder(Encoding.UTF8, weights);
        Stops = new StopSequenceMatcher(request.Stop);
        var s = request.Sampling;
        Sampler = new DefaultSamplingPipeline
        {
            Temperature = s.Temperature,
            TopP = s.TopP,
            TopK = s.TopK,
            MinP = s.MinP,
            PresencePenalty = s.PresencePenalty,
            FrequencyPenalty = s.FrequencyPenalty,
            RepeatPenalty = s.RepeatPenalty,
            Seed = s.Seed,
            Grammar = s.Grammar is null ? null : new LLama.Sampling.Grammar(s.Grammar, "root"),
            LogitBias = s.IgnoreEos ? EndOfGenerationBans(weights) : new Dictionary<LLamaToken, float>(),
        };
        _bans = s.IgnoreEos ? [.. EndOfGenerationBans(weights).Keys] : [];
        _greedy = s.Temperature == 0 && s.Grammar is null && s.PresencePenalty == 0 && s.FrequencyPenalty == 0 && s.RepeatPenalty == 1;
    }

    public GenerationRequest Request { get; }

    /// <summary>The KV slot this request decodes in; the slot table may move it to another sequence between steps.</summary>
    public KvSlot Slot { get; set; } = null!;

    public LLamaSeqId Sequence => (LLamaSeqId)Slot.Id;

    public DefaultSamplingPipeline Sampler { get; }
    public StreamingTokenDecoder Decoder { get; }
    public StopSequenceMatcher Stops { get; }

    /// <summary>The generated tokens and the text sent for them.</summary>
    public AnswerRecorder Answer { get; }
    public int CompletionTokens { get; set; }

    /// <summary>KV cells the prompt took (for media, the positions the encoder's embeddings fill).</summary>
    public int PromptTokens { get; set; }

    /// <summary>Leading prompt tokens (media: positions) that a cache already held, so they were not decoded again.</summary>
    public int CachedTokens { get; private set; }

    /// <summary>KV cells in use: the prompt's and every generated token's that was queued for decoding.</summary>
    public int Cells { get; private set; }

    /// <summary>The position the next queued token takes (with M-RoPE media, positions and cells differ).</summary>
    public int Position { get; set; }

    /// <summary>Where the last decode left this sequence's logits in the batch; <see cref="NothingToSample"/> when it left none.</summary>
    public int SampleIndex { get; set; } = NothingToSample;

    /// <summary>Whether part of the prompt is still waiting to be decoded (it is prefilled in batch-sized pieces).</summary>
    public bool Prefilling => _pending.Length > 1;

    public bool HasPending => !_pending.IsEmpty;

    /// <summary>
    /// Queues the part of the text prompt its slot does not hold yet, from <paramref name="cached"/> on: it is decoded
    /// over as many steps as the batch size needs.
    /// </summary>
    public void QueuePrompt(LLamaToken[] tokens, int cached)
    {
        _pending = tokens.AsMemory(cached);
        Cells = PromptTokens = tokens.Length;
        Position = CachedTokens = cached;
    }

    /// <summary>
    /// Records a media prompt: <paramref name="cached"/> positions came from a cache, the media and text before the
    /// last text were decoded through libmtmd, and <paramref name="tail"/> (the trailing text) is left for the shared
    /// batch. With no tail the logits of the media's decode are the context's last row.
    /// </summary>
    public void PromptedWithMedia(int cells, int cached, int nextPosition, ReadOnlyMemory<LLamaToken> tail)
    {
        Cells = PromptTokens = cells;
        CachedTokens = cached;
        Position = nextPosition;
        _pending = tail;
        if (tail.IsEmpty) SampleIndex = -1;
    }

    /// <summary>Queues a sampled token for the next step.</summary>
    public void Feed(LLamaToken token)
    {
        _sampled[0] = token;
        _pending = _sampled;
        Cells++;
    }

    /// <summary>Takes up to <paramref name="budget"/> pending tokens into the batch; the last of the prompt asks for logits.</summary>
    /// <returns>How many tokens it took.</returns>
    public int AddTo(LLamaBatch batch, int budget)
    {
        var count = Math.Min(budget, _pending.Length);
        var tokens = _pending.Span[..count];
        var last = count == _pending.Length;
        for (var i = 0; i < count; i++)
        {
            batch.Add(tokens[i], Position + i, Sequence, last && i == count - 1);
            // Tagged now: the batch is decoded before anything reads the slot's content again, and a failed decode
            // replaces the context and clears every slot.
            Slot.Content.Add(PromptUnit.Token((int)tokens[i]));
        }
        Position += count;
        _pending = _pending[count..];
        if (last) SampleIndex = batch.TokenCount - 1;
        return count;
    }

    public LLamaToken NextToken(SafeLLamaContextHandle context)
    {
        var index = SampleIndex;
        SampleIndex = NothingToSample;
        if (!_greedy) return Sampler.Sample(context, index);
        var logits = context.GetLogitsIth(index);
        foreach (var banned in _bans) logits[(int)banned] = float.NegativeInfinity;
        var best = 0;
        for (var i = 1; i < logits.Length; i++)
            if (logits[i] > logits[best]) best = i;
        return (LLamaToken)best;
    }

    /// <summary>The probability of <paramref name="token"/> next, from the logits of the last prompt token (softmax, no sampling).</summary>
    public double ProbabilityNext(SafeLLamaContextHandle context, LLamaToken token)
    {
        var logits = context.GetLogitsIth(SampleIndex);
        SampleIndex = NothingToSample;
        var max = float.NegativeInfinity;
        foreach (var logit in logits) max = Math.Max(max, logit);
        var sum = 0.0;
        foreach (var logit in logits) sum += Math.Exp(logit - max);
        return Math.Exp(logits[(int)token] - max) / sum;
    }

    /// <summary>Every end-of-generation token (EOS, EOT and the template's own, such as ChatML's <c>&lt;|endoftext|&gt;</c>), for ignore_eos.</summary>
    private static Dictionary<LLamaToken, float> EndOfGenerationBans(LLamaWeights weights)
    {
        var vocab = weights.NativeHandle.Vocab;
        var bans = new Dictionary<LLamaToken, float>();
        for (var id = 0; id < vocab.Count; id++)
        {
            LLamaToken token = id;
            if (token.IsEndOfGeneration(vocab)) bans[token] = float.NegativeInfinity;
        }
        return bans;
    }

    public void Dispose() => Sampler.Dispose();
}
