using System.Threading.Channels;
using LLama;
using LLama.Abstractions;
using LLama.Native;
using Microsoft.Extensions.Logging;
using Omnia.Engines.Llama.Multimodal;
using Omnia.Errors;

namespace Omnia.Engines.Llama.Inference;

/// <summary>
/// The one decode loop of a model, on its own thread (llama.cpp server's design): each turn admits queued requests
/// up to <c>Parallel</c>, builds one batch from every active sequence (a token for each generating one, then as much
/// prompt as the batch size leaves room for), decodes it, then samples each sequence whose logits it produced. New
/// requests join between steps; cancelled ones leave at the next step and free their KV cells at once.
/// </summary>
/// <remarks>
/// <c>llama_decode</c> is called synchronously from this thread and no other: ggml's OpenMP workers form a team per
/// calling thread, so decoding from thread-pool threads (as <c>BatchedExecutor.Infer</c> does, through
/// <c>Task.Run</c>) leaves idle teams spinning against the active one and cost a third of single-stream speed on
/// two cores. A request with media is prompted through libmtmd here as a step of its own (its context is not
/// thread-safe), then samples in the shared batch like any other.
/// </remarks>
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
    private readonly SortedSet<int> _freeSequences;
    private readonly LLamaBatch _batch = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Thread _thread;
    private LLamaContext _context;

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
        _freeSequences = [.. Enumerable.Range(0, parallel)];
        _context = weights.CreateContext(contextParams);
        _thread = new Thread(Run) { IsBackground = true, Name = "omnia-llama-decode" };
        _thread.Start();
    }

    public LlamaEngineCounters Counters { get; } = new();

    private SafeLLamaContextHandle Native => _context.NativeHandle;

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
                if (_active.Count == 0)
                {
                    _incoming.Reader.WaitToReadAsync(stopping).AsTask().GetAwaiter().GetResult();
                    continue;
                }

                Compact();
                if (FillBatch() == 0) continue;
                var result = Native.Decode(_batch);
                if (result != DecodeResult.Ok)
                {
                    Restart(new EngineFailedException($"The model failed to decode a batch ({result})."));
                    continue;
                }
                SampleAll();
                // The readers just woken would otherwise wait for the next scheduler tick (up to 4 ms here) while
                // this thread and ggml's workers hold both cores for the next step.
                Thread.Yield();
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
        _context.Dispose();
    }

    private void Admit()
    {
        while (_active.Count < _parallel && _incoming.Reader.TryRead(out var request))
        {
            Counters.QueueChanged(-1);
            if (request.Cancellation.IsCancellationRequested)
            {
                request.Writer.TryComplete(new OperationCanceledException(request.Cancellation));
                continue;
            }

            var sequence = _freeSequences.Min;
            _freeSequences.Remove(sequence);
            var generation = new ActiveGeneration(request, (LLamaSeqId)sequence, _weights);
            // Active from here: encoding a medium takes a while, and the request is being served meanwhile.
            _active.Add(generation);
            Counters.SetActive(_active.Count);
            try
            {
                if (request.Media is { } media)
                {
                    var clip = _clip ?? throw new InvalidOperationException("The model has no projector.");
                    var (cells, next) = MultimodalPrompter.Decode(Native, generation.Sequence, clip, media, _contextSize, (int)_context.BatchSize);
                    generation.PromptedWithMedia(cells, next);
                    Counters.AddMedia(media.Inputs.Count);
                }
                else
                {
                    generation.QueuePrompt(request.PromptTokens);
                }
            }
            catch (Exception e)
            {
                // Only this sequence's cells are touched: its neighbours keep decoding.
                _active.Remove(generation);
                Release(generation);
                request.Writer.TryComplete(e);
                continue;
            }
            Counters.AddPromptTokens(generation.PromptTokens);
            // A media prompt's logits are the context's last row: sampled now, before another decode replaces them.
            if (generation.SampleIndex != ActiveGeneration.NothingToSample)
            {
                Step(generation);
                Counters.RecordStep(1);
            }
        }
        Counters.SetActive(_active.Count);
    }

    /// <summary>Releases cancelled requests; nothing of theirs is in flight between steps, so their cells go at once.</summary>
    private void Retire()
    {
        for (var i = _active.Count - 1; i >= 0; i--)
        {
            var generation = _active[i];
            if (!generation.Request.Cancellation.IsCancellationRequested) continue;
            _active.RemoveAt(i);
            Counters.RequestCancelled();
            generation.Request.Writer.TryComplete(new OperationCanceledException(generation.Request.Cancellation));
            Release(generation);
        }
        Counters.SetActive(_active.Count);
    }

    /// <summary>
    /// Keeps the active sequences on consecutive ids from 0. Each sequence has a KV stream of its own, and llama.cpp
    /// puts only consecutive streams into one micro-batch: a gap a finished request leaves would split every later
    /// step into two graph runs. The highest sequence moves into the gap instead (one copy of its stream).
    /// </summary>
    private void Compact()
    {
        while (_active.Count > 0 && _freeSequences.Count > 0)
        {
            var highest = _active.MaxBy(g => g.Sequence.Value)!;
            var gap = _freeSequences.Min;
            if (gap > highest.Sequence.Value) return;
            Native.MemorySequenceCopy(highest.Sequence, (LLamaSeqId)gap, -1, -1);
            Native.MemorySequenceRemove(highest.Sequence, -1, -1);
            _freeSequences.Remove(gap);
            _freeSequences.Add(highest.Sequence.Value);
            highest.Sequence = (LLamaSeqId)gap;
            Counters.SequenceMoved();
        }
    }

    /// <summary>
    /// One token for every generating sequence, then as much prompt as the batch has room left for, so streams keep
    /// their pace while a long prompt is prefilled. Tokens go in sequence order: llama.cpp splits a batch into
    /// micro-batches of increasing, consecutive sequence ids.
    /// </summary>
    /// <returns>Tokens in the batch.</returns>
    private int FillBatch()
    {
        _batch.Clear();
        _active.Sort(static (a, b) => a.Sequence.Value.CompareTo(b.Sequence.Value));
        var room = (int)_context.BatchSize - _active.Count(g => g.HasPending && !g.Prefilling);
        foreach (var generation in _active)
        {
            if (!generation.HasPending) continue;
            if (!generation.Prefilling) generation.AddTo(_batch, 1);
            else if (room > 0) room -= generation.AddTo(_batch, room);
        }
        return _batch.TokenCount;
    }

    private void SampleAll()
    {
        var sampled = 0;
        for (var i = _active.Count - 1; i >= 0; i--)
        {
            var generation = _active[i];
            if (generation.SampleIndex == ActiveGeneration.NothingToSample) continue;
            sampled++;
            Step(generation);
        }
        if (sampled > 0) Counters.RecordStep(sampled);
    }

    private void Step(ActiveGeneration generation)
    {
        try
        {
            var token = generation.NextToken(Native);
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

            if (generation.CompletionTokens >= generation.Request.MaxTokens || generation.Cells + 1 > _contextSize)
            {
                Finish(generation, GenerationStopReason.Length, generation.Stops.Flush());
                return;
            }
            generation.Feed(token);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A fault in one request (a grammar the sampler rejects, say) fails that request only.
            _active.Remove(generation);
            generation.Request.Writer.TryComplete(new EngineFailedException("Generation failed: " + e.Message, e));
            Release(generation);
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
        Release(generation);
    }

    /// <summary>Frees the sequence's KV cells and its id for the next request.</summary>
    private void Release(ActiveGeneration generation)
    {
        Native.MemorySequenceRemove(generation.Sequence, -1, -1);
        _freeSequences.Add(generation.Sequence.Value);
        generation.Dispose();
    }

    private void FailAll(Exception error)
    {
        foreach (var generation in _active)
        {
            generation.Request.Writer.TryComplete(error);
            Release(generation);
        }
        _active.Clear();
        Counters.SetActive(0);
    }

    /// <summary>After a failed decode the context's state is unknown: fail what was active and start a fresh context.</summary>
    private void Restart(Exception error)
    {
        FailAll(error);
        _context.Dispose();
        _context = _weights.CreateContext(_contextParams);
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
