using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Omnia.Engines.Llama;

/// <summary>
/// The engine's instruments (meter <c>Omnia.Engines.Llama</c>): queue depth and active requests of every loaded model,
/// and decode steps, read from each model's <see cref="LlamaEngineCounters"/>.
/// </summary>
internal static class LlamaMetrics
{
    public const string MeterName = "Omnia.Engines.Llama";

    private static readonly ConcurrentDictionary<LlamaEngineCounters, string> Models = new();
    private static readonly Meter Meter = new(MeterName);

    static LlamaMetrics()
    {
        Meter.CreateObservableGauge("omnia.llama.queue_depth", () => Observe(c => c.QueuedRequests), "{request}", "Requests waiting for a decode slot.");
        Meter.CreateObservableGauge("omnia.llama.active_requests", () => Observe(c => c.ActiveRequests), "{request}", "Requests being decoded.");
        Meter.CreateObservableCounter("omnia.llama.decode_steps", () => Observe(c => c.DecodeSteps), "{step}", "Batched decode steps run.");
        Meter.CreateObservableCounter("omnia.llama.generated_tokens", () => Observe(c => c.GeneratedTokens), "{token}", "Tokens sampled.");
        Meter.CreateObservableCounter("omnia.llama.prompt_tokens_prefilled", () => Observe(c => c.PromptTokens), "{token}", "Prompt tokens decoded.");
        Meter.CreateObservableCounter("omnia.llama.prompt_tokens_cached", () => Observe(c => c.CachedPromptTokens), "{token}", "Prompt tokens reused from a cached slot instead of decoded.");
        Meter.CreateObservableCounter("omnia.llama.kv_stream_copies", () => Observe(c => c.SequencesMoved), "{copy}", "KV streams copied between sequences (compaction and cache placement).");
    }

    public static void Register(LlamaEngineCounters counters, string model) => Models[counters] = model;

    public static void Unregister(LlamaEngineCounters counters) => Models.TryRemove(counters, out _);

    private static IEnumerable<Measurement<T>> Observe<T>(Func<LlamaEngineCounters, T> read) where T : struct =>
        Models.Select(m => new Measurement<T>(read(m.Key), new TagList { { "model", m.Value } }));
}
