using System.Text;
using LLama;
using LLama.Batched;
using LLama.Native;
using LLama.Sampling;

namespace Omnia.Engines.Llama.Inference;

/// <summary>A request the loop is decoding: its conversation (KV sequence), sampler, detokenizer and stop matcher.</summary>
internal sealed class ActiveGeneration : IDisposable
{
    public ActiveGeneration(GenerationRequest request, Conversation conversation, LLamaWeights weights)
    {
        Request = request;
        Conversation = conversation;
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

    private readonly LLamaToken[] _bans;

    /// <summary>
    /// Temperature 0 with nothing else to apply is an argmax over the logits: done here it skips building and sorting a
    /// candidate array of the whole vocabulary (152k entries for Qwen) every token.
    /// </summary>
    private readonly bool _greedy;

    public LLamaToken NextToken()
    {
        if (!_greedy) return Conversation.Sample(Sampler);
        var logits = Conversation.Sample();
        foreach (var banned in _bans) logits[(int)banned] = float.NegativeInfinity;
        var best = 0;
        for (var i = 1; i < logits.Length; i++)
            if (logits[i] > logits[best]) best = i;
        return (LLamaToken)best;
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

    public GenerationRequest Request { get; }
    public Conversation Conversation { get; }
    public DefaultSamplingPipeline Sampler { get; }
    public StreamingTokenDecoder Decoder { get; }
    public StopSequenceMatcher Stops { get; }
    public int CompletionTokens { get; set; }

    /// <summary>KV cells the prompt took (for media, the positions the encoder's embeddings fill).</summary>
    public int PromptTokens { get; set; }

    public void Dispose()
    {
        Sampler.Dispose();
        Conversation.Dispose();
    }
}
