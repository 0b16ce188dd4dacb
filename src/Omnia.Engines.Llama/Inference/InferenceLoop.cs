using System.Threading.Channels;
using LLama;
using LLama.Abstractions;
using LLama.Batched;
using LLama.Native;
using Microsoft.Extensions.Logging;
using Omnia.Engines.Llama.Multimodal;
using Omnia.Errors;

namespace Omnia.Engines.Llama.Inference;

/// <summary>
/// The one decode loop of a model, on its own thread (llama.cpp server's design): each turn admits queued requests
/// up to <c>Parallel</c>, runs one batched decode over every active sequence, then samples each of them. New
/// requests join between steps; cancelled ones leave at the next step and free their KV cells. A request with media
/// is prompted through libmtmd here too (its context is not thread-safe): the encoder and the prompt's decode run as
/// one step of their own, after which its tokens are sampled in the shared batch like any other.
/// </summary>
internal sealed class InferenceLoop : IDisposable
{
    private readonly LLamaWeights _weights;
    private readonly MtmdWeights? _clip;
    private readonly IContextParams _contextParams;
    private readonly int _parallel;
    private readonly int _contextSize;
    private readonly ILogger _logger;
    private readonly Channel<GenerationRequest> _incoming;
    private readonly List<ActiveGeneration> _active = [];
    private readonly List<ActiveGeneration> _draining = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Thread _thread;
    private BatchedExecutor _executor;

    public InferenceLoop(LLamaWeights weights, MtmdWeights? clip, IContextParams contextParams, int parallel, int contextSize, int maxQueued, ILogger logger)
    {
        _weights = weights;
        _clip = clip;
        _contextParams = contextParams;
        _parallel = parallel;
        _contextSize = contextSize;
        _logger = logger;
        _incoming = Channel.CreateBounded<GenerationRequest>(new BoundedChannelOptions(Math.Max(1, maxQueued))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _executor = new BatchedExecutor(weights, contextParams, clip);
        _thread = new Thread(Run) { IsBackground = true, Name = "omnia-llama-decode" };
        _thread.Start();
    }

    public LlamaEngineCounters Counters { get; } = new();

    /// <summary>Queues a request; refuses at once when the queue is full rather than growing without bound.</summary>
    public void Enqueue(GenerationRequest request)
    {
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        if (!_incoming.Writer.TryWrite(request))
            throw new EngineOverloadedException("The model's request queue is full; retry shortly.");
        Counters.QueueChanged(1);
    }

    private void Run()
    {
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                Admit();
                Retire();
                if (_active.Count == 0 && _draining.Count == 0)
                {
                    _incoming.Reader.WaitToReadAsync(stopping).AsTask().GetAwaiter().GetResult();
                    continue;
                }

                var result = _executor.Infer(stopping).GetAwaiter().GetResult();
                if (result != DecodeResult.Ok)
                {
                    Restart(new EngineFailedException($"The model failed to decode a batch ({result})."));
                    continue;
                }

                var sampled = 0;
                foreach (var generation in _active.ToArray())
                {
                    if (!generation.Conversation.RequiresSampling) continue;
                    sampled++;
                    Step(generation);
                }
                if (sampled > 0) Counters.RecordStep(sampled);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _logger.LogError(e, "The decode loop failed; failing its active requests and starting a fresh context.");
                Restart(new EngineFailedException("The model failed while decoding: " + e.Message, e));
            }
        }

        FailAll(new ObjectDisposedException("The model was unloaded."));
        _executor.Dispose();
    }

    private void Admit()
    {
        while (_active.Count + _draining.Count < _parallel && _incoming.Reader.TryRead(out var request))
        {
            Counters.QueueChanged(-1);
            if (request.Cancellation.IsCancellationRequested)
            {
                request.Writer.TryComplete(new OperationCanceledException(request.Cancellation));
                continue;
            }

            var conversation = _executor.Create();
            var generation = new ActiveGeneration(request, conversation, _weights);
            try
            {
                generation.PromptTokens = request.Media is { } media
                    ? MultimodalPrompter.Prompt(conversation, _clip ?? throw new InvalidOperationException("The model has no projector."), media, _contextSize)
                    : PromptTokens(conversation, request.PromptTokens);
            }
            catch (Exception e)
            {
                // Not prompted, so nothing of it is queued for decoding: it can be released at once.
                generation.Dispose();
                request.Writer.TryComplete(e);
                continue;
            }
            Counters.AddPromptTokens(generation.PromptTokens);
            if (request.Media is { } prompted) Counters.AddMedia(prompted.Inputs.Count);
            _active.Add(generation);
        }
        Counters.SetActive(_active.Count);
    }

    private static int PromptTokens(Conversation conversation, LLamaToken[] tokens)
    {
        conversation.Prompt(tokens.AsSpan());
        return tokens.Length;
    }

    /// <summary>
    /// Releases cancelled requests. A conversation with tokens still waiting in the decode queue is only disposed after
    /// that decode, or its sequence id could be reused while stale tokens for it are pending.
    /// </summary>
    private void Retire()
    {
        for (var i = _active.Count - 1; i >= 0; i--)
        {
            var generation = _active[i];
            if (!generation.Request.Cancellation.IsCancellationRequested) continue;
            _active.RemoveAt(i);
            Counters.RequestCancelled();
            generation.Request.Writer.TryComplete(new OperationCanceledException(generation.Request.Cancellation));
            _draining.Add(generation);
        }

        for (var i = _draining.Count - 1; i >= 0; i--)
        {
            if (_draining[i].Conversation.RequiresInference) continue;
            _draining[i].Dispose();
            _draining.RemoveAt(i);
        }
        Counters.SetActive(_active.Count);
    }

    private void Step(ActiveGeneration generation)
    {
        try
        {
            var token = generation.NextToken();
            Counters.AddGeneratedToken();
            generation.CompletionTokens++;
            if (token.IsEndOfGeneration(_weights.NativeHandle.Vocab))
            {
                Finish(generation, GenerationStopReason.Stop, generation.Stops.Flush());
                return;
            }

            generation.Decoder.Add(token);
            var (text, stopped) = generation.Stops.Push(generation.Decoder.Read());
            if (stopped)
            {
                Finish(generation, GenerationStopReason.Stop, text);
                return;
            }
            if (text.Length > 0) generation.Request.Writer.TryWrite(new GenerationEvent(text, null));

            if (generation.CompletionTokens >= generation.Request.MaxTokens || generation.Conversation.TokenCount + 1 > _contextSize)
            {
                Finish(generation, GenerationStopReason.Length, generation.Stops.Flush());
                return;
            }
            generation.Conversation.Prompt(token);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A fault in one request (a grammar the sampler rejects, say) fails that request only.
            _active.Remove(generation);
            generation.Request.Writer.TryComplete(new EngineFailedException("Generation failed: " + e.Message, e));
            if (generation.Conversation.RequiresInference) _draining.Add(generation);
            else generation.Dispose();
        }
    }

    private void Finish(ActiveGeneration generation, GenerationStopReason reason, string lastText)
    {
        var request = generation.Request;
        // Counters first: a reader that sees its answer end may read them at once.
        _active.Remove(generation);
        Counters.RequestCompleted();
        Counters.SetActive(_active.Count);
        if (lastText.Length > 0) request.Writer.TryWrite(new GenerationEvent(lastText, null));
        request.Writer.TryWrite(new GenerationEvent(null, new GenerationFinish(reason, generation.PromptTokens, generation.CompletionTokens)));
        request.Writer.TryComplete();
        generation.Dispose();
    }

    private void FailAll(Exception error)
    {
        foreach (var generation in _active.Concat(_draining))
        {
            generation.Request.Writer.TryComplete(error);
            generation.Dispose();
        }
        _active.Clear();
        _draining.Clear();
        Counters.SetActive(0);
    }

    /// <summary>After a failed decode the executor's queue holds a batch that would fail again: start over with a fresh context.</summary>
    private void Restart(Exception error)
    {
        FailAll(error);
        _executor.Dispose();
        _executor = new BatchedExecutor(_weights, _contextParams, _clip);
    }

    public void Dispose()
    {
        if (_stopping.IsCancellationRequested) return;
        _incoming.Writer.TryComplete();
        _stopping.Cancel();
        _thread.Join();
        while (_incoming.Reader.TryRead(out var request))
            request.Writer.TryComplete(new ObjectDisposedException("The model was unloaded."));
        _stopping.Dispose();
    }
}
