namespace Omnia.Engines.Llama;

/// <summary>
/// What the inference loop has done, read from the loop's own bookkeeping (not from timing): decode steps, tokens,
/// and how many requests shared a step. Safe to read from any thread.
/// </summary>
public sealed class LlamaEngineCounters
{
    private long _decodeSteps;
    private long _promptSteps;
    private long _promptTokens;
    private long _cachedPromptTokens;
    private long _generatedTokens;
    private long _completedRequests;
    private long _cancelledRequests;
    private long _mediaInputs;
    private long _sequencesMoved;
    private int _peakSequencesPerStep;
    private int _activeRequests;
    private int _queuedRequests;

    public long DecodeSteps => Interlocked.Read(ref _decodeSteps);

    /// <summary>Decode steps that held prompt tokens (a long prompt beside generating requests is prefilled over several).</summary>
    public long PromptSteps => Interlocked.Read(ref _promptSteps);
    /// <summary>Prompt tokens decoded (prefilled).</summary>
    public long PromptTokens => Interlocked.Read(ref _promptTokens);

    /// <summary>Prompt tokens a cached slot already held, so they were reused rather than decoded.</summary>
    public long CachedPromptTokens => Interlocked.Read(ref _cachedPromptTokens);
    public long GeneratedTokens => Interlocked.Read(ref _generatedTokens);
    public long CompletedRequests => Interlocked.Read(ref _completedRequests);

    /// <summary>Requests whose caller went away (or cancelled) before they finished; their decoding stopped there.</summary>
    public long CancelledRequests => Interlocked.Read(ref _cancelledRequests);

    /// <summary>Images and sounds (30 s pieces of long sounds) run through the projector's encoder; those a prompt cache held are not.</summary>
    public long MediaInputs => Interlocked.Read(ref _mediaInputs);

    /// <summary>KV streams copied to another sequence: closing a gap a finished request left, or bringing a cache next to the active ones.</summary>
    public long SequencesMoved => Interlocked.Read(ref _sequencesMoved);

    /// <summary>The most requests that took part in a single decode step since the model was loaded.</summary>
    public int PeakSequencesPerStep => Volatile.Read(ref _peakSequencesPerStep);

    public int ActiveRequests => Volatile.Read(ref _activeRequests);
    public int QueuedRequests => Volatile.Read(ref _queuedRequests);

    internal void RecordStep(int sequences)
    {
        Interlocked.Increment(ref _decodeSteps);
        int peak;
        while (sequences > (peak = Volatile.Read(ref _peakSequencesPerStep))
               && Interlocked.CompareExchange(ref _peakSequencesPerStep, sequences, peak) != peak)
        {
        }
    }

    internal void AddPromptTokens(int prefilled, int cached)
    {
        Interlocked.Add(ref _promptTokens, prefilled);
        Interlocked.Add(ref _cachedPromptTokens, cached);
    }

    internal void PromptStep() => Interlocked.Increment(ref _promptSteps);
    internal void AddMedia(int count) => Interlocked.Add(ref _mediaInputs, count);
    internal void SequenceMoved() => Interlocked.Increment(ref _sequencesMoved);
    internal void AddGeneratedToken() => Interlocked.Increment(ref _generatedTokens);
    internal void RequestCompleted() => Interlocked.Increment(ref _completedRequests);
    internal void RequestCancelled() => Interlocked.Increment(ref _cancelledRequests);
    internal void SetActive(int count) => Volatile.Write(ref _activeRequests, count);
    internal void QueueChanged(int delta) => Interlocked.Add(ref _queuedRequests, delta);
}
