using System.Collections.Concurrent;
using System.Threading.Channels;
using LLama;
using LLama.Abstractions;
using LLama.Native;
using Microsoft.Extensions.Logging;
using Omnia.Engines.Llama.Caching;
using Omnia.Engines.Llama.Multimodal;
using Omnia.Engines.Llama.Prompting;
using Omnia.Errors;

namespace Omnia.Engines.Llama.Inference;

/// <summary>
/// The one decode loop of a model, on its own thread (llama.cpp server's design): each turn admits queued requests
/// up to <c>Parallel</c>, builds one batch from every active sequence (a token for each generating one, then as much
/// prompt as the batch size leaves room for), decodes it, then samples each sequence whose logits it produced. New
/// requests join between steps; cancelled ones leave at the next step. What a finished request leaves in its KV
/// sequence stays there as a prompt cache for the next request that starts the same way (<see cref="SlotTable"/>).
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
    private readonly bool _promptCache;
    private readonly GeneratedAnswers? _answers;
    private readonly ILogger _logger;
    private readonly Channel<GenerationRequest> _incoming;
    private readonly ConcurrentQueue<string> _endedConversations = new();
    private readonly List<ActiveGeneration> _active = [];
    private readonly SlotTable _slots;
    private readonly PrefillPacer _pacer;
    private readonly TimeProvider _time;
    private readonly LLamaBatch _batch = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Thread _thread;
    private LLamaContext _context;

    /// <param name="contextParams">Context parameters with one more sequence than <paramref name="parallel"/>: the slot table's spare stream.</param>
    /// <param name="cacheReuse">Shortest cached run found again later in a prompt that is shifted into place (0: none).</param>
    /// <param name="answers">With the prompt cache on: where answers that ended whole are remembered with their tokens.</param>
    public InferenceLoop(
        LLamaWeights weights, MtmdWeights? clip, IContextParams contextParams, int parallel, int contextSize, int maxQueued, GeneratedAnswers? answers,
        int cacheReuse, double prefillSlowdownLimit, TimeProvider time, ILogger logger)
    {
        _weights = weights;
        _clip = clip;
        _contextParams = contextParams;
        _parallel = parallel;
        _contextSize = contextSize;
        _answers = answers;
        _promptCache = answers is not null;
        _pacer = new PrefillPacer(prefillSlowdownLimit);
        _time = time;
        _logger = logger;
        _incoming = Channel.CreateBounded<GenerationRequest>(new BoundedChannelOptions(Math.Max(1, maxQueued))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _context = weights.CreateContext(contextParams);
        _slots = new SlotTable(parallel, new ContextStreams(() => _context.NativeHandle), Counters.SequenceMoved, cacheReuse: cacheReuse);
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

    /// <summary>
    /// The conversation ended: the slot it kept becomes an ordinary cache. Applied by the loop before it next admits
    /// a request, the only time ownership matters.
    /// </summary>
    public void EndConversation(string conversationId) => _endedConversations.Enqueue(conversationId);

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

                // Active sequences on consecutive ids: llama.cpp batches only a run of consecutive streams together.
                _slots.Compact();
                var (generated, prompt) = FillBatch();
                if (generated + prompt == 0) continue;
                var started = _time.GetTimestamp();
                var result = Native.Decode(_batch);
                _pacer.Record(_time.GetElapsedTime(started), generated, prompt);
                if (prompt > 0) Counters.PromptStep();
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
        while (_endedConversations.TryDequeue(out var ended)) _slots.Release(ended);
        while (_active.Count < _parallel && _incoming.Reader.TryRead(out var request))
        {
            Counters.QueueChanged(-1);
            if (request.Cancellation.IsCancellationRequested)
            {
                request.Writer.TryComplete(new OperationCanceledException(request.Cancellation));
                continue;
            }

            // Whatever was cancelled before this request arrived leaves first, so its slot and the cache it holds are
            // free for this one (a client retrying what it just gave up on finds its prompt cached).
            Retire();
            if (request.PrefillOnly && !_slots.CanPrefill(request.ConversationId))
            {
                request.Writer.TryWrite(new GenerationEvent(null, new GenerationFinish(GenerationStopReason.Stop, 0, 0, 0)));
                request.Writer.TryComplete();
                continue;
            }

            var generation = new ActiveGeneration(request, _weights, recordAnswer: _answers is not null);
            var reuse = _promptCache && request.CachePrompt;
            // Active from here: encoding a medium takes a while, and the request is being served meanwhile.
            _active.Add(generation);
            Counters.SetActive(_active.Count);
            try
            {
                if (request.Media is not null)
                {
                    var clip = _clip ?? throw new InvalidOperationException("The model has no projector.");
                    Counters.AddMedia(MultimodalPrompter.Prompt(Native, _slots, generation, clip, _contextSize, (int)_context.BatchSize, reuse));
                }
                else
                {
                    var units = request.PromptTokens.Select(t => PromptUnit.Token((int)t)).ToList();
                    var (_, kept) = _slots.Take(generation, units, reuse, request.ConversationId);
                    generation.QueuePrompt(request.PromptTokens, kept);
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
            Counters.AddPromptTokens(generation.PromptTokens - generation.CachedTokens, generation.CachedTokens);
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
    /// One token for every generating sequence, then as much prompt as the pacer allows (chunked prefill: streams
    /// keep their pace while a long prompt is prefilled). Tokens go in sequence order: llama.cpp splits a batch into
    /// micro-batches of increasing, consecutive sequence ids.
    /// </summary>
    /// <returns>Generated and prompt tokens in the batch.</returns>
    private (int Generated, int Prompt) FillBatch()
    {
        _batch.Clear();
        _active.Sort(static (a, b) => a.Sequence.Value.CompareTo(b.Sequence.Value));
        var generating = _active.Count(g => g.HasPending && !g.Prefilling);
        var room = _pacer.Budget((int)_context.BatchSize - generating, generating);
        var prompt = 0;
        foreach (var generation in _active)
        {
            if (!generation.HasPending) continue;
            if (!generation.Prefilling) generation.AddTo(_batch, 1);
            else if (room > prompt) prompt += generation.AddTo(_batch, room - prompt);
        }
        return (generating, prompt);
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
        if (generation.Request.PrefillOnly)
        {
            double? endOfTurn = generation.Request.EndOfTurnToken is { } token && generation.SampleIndex >= 0
                ? generation.ProbabilityNext(Native, token)
                : null;
            generation.SampleIndex = ActiveGeneration.NothingToSample;
            Finish(generation, GenerationStopReason.Stop, "", whole: false, endOfTurn);
            return;
        }

        try
        {
            var token = generation.NextToken(Native);
            Counters.AddGeneratedToken();
            generation.CompletionTokens++;
            if (token.IsEndOfGeneration(_weights.NativeHandle.Vocab))
            {
                Finish(generation, GenerationStopReason.Stop, generation.Stops.Flush(), whole: true);
                return;
            }

            generation.Decoder.Add(token);
            generation.Answer.Add(token);
            var (text, stopped) = generation.Stops.Push(generation.Decoder.Read());
            if (stopped)
            {
                Finish(generation, GenerationStopReason.Stop, text, whole: false);
                return;
            }
            if (text.Length > 0) generation.Request.Writer.TryWrite(new GenerationEvent(generation.Answer.Sent(text), null));

            if (generation.CompletionTokens >= generation.Request.MaxTokens || generation.Cells + 1 > _contextSize)
            {
                Finish(generation, GenerationStopReason.Length, generation.Stops.Flush(), whole: true);
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

    /// <param name="whole">The text sent is every generated token's (no stop sequence cut it): the answer may be remembered.</param>
    private void Finish(ActiveGeneration generation, GenerationStopReason reason, string lastText, bool whole, double? endOfTurn = null)
    {
        var request = generation.Request;
        // Counters first: a reader that sees its answer end may read them at once.
        _active.Remove(generation);
        Counters.RequestCompleted();
        Counters.SetActive(_active.Count);
        if (lastText.Length > 0) request.Writer.TryWrite(new GenerationEvent(generation.Answer.Sent(lastText), null));
        if (whole) generation.Answer.RememberIn(_answers);
        request.Writer.TryWrite(new GenerationEvent(null, new GenerationFinish(reason, generation.PromptTokens, generation.CachedTokens, generation.CompletionTokens, endOfTurn)));
        request.Writer.TryComplete();
        Release(generation);
    }

    /// <summary>Frees the slot for the next request; its cells stay as a cache unless caching is off for it.</summary>
    private void Release(ActiveGeneration generation)
    {
        if (generation.Slot is { } slot) _slots.Leave(slot, keep: _promptCache && generation.Request.CachePrompt);
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
        _slots.Reset();
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
