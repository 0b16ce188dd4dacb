using System.Diagnostics.Metrics;
using Microsoft.Extensions.AI;

namespace Omnia.Server.Observability;

/// <summary>The server's own instruments (meter <c>Omnia.Server</c>), exported at <c>/metrics</c>.</summary>
public sealed class ServerMetrics : IDisposable
{
    public const string MeterName = "Omnia.Server";

    private readonly Meter _meter;

    public ServerMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        Requests = _meter.CreateCounter<long>("omnia.http.requests", description: "HTTP requests served, by route and status.");
        RequestDuration = _meter.CreateHistogram<double>("omnia.http.request.duration", "s", "Time from request to the end of the response.");
        CompletionTokens = _meter.CreateCounter<long>("omnia.chat.completion_tokens", description: "Tokens generated for chat completions.");
        PromptTokens = _meter.CreateCounter<long>("omnia.chat.prompt_tokens", description: "Prompt tokens of chat completions.");
        TokensPerSecond = _meter.CreateHistogram<double>("omnia.chat.tokens_per_second", "{token}/s", "Generation speed of each completion, from its first token.");
        KeyRequests = _meter.CreateCounter<long>("omnia.key.requests", description: "/v1 requests by API key id (never the key itself).");
        KeyRateLimited = _meter.CreateCounter<long>("omnia.key.rate_limited", description: "Requests refused with 429, by API key id and limit (requests or tokens).");
        KeyPromptTokens = _meter.CreateCounter<long>("omnia.key.prompt_tokens", description: "Prompt tokens by API key id, chat and realtime.");
        KeyCompletionTokens = _meter.CreateCounter<long>("omnia.key.completion_tokens", description: "Completion tokens by API key id, chat and realtime.");
    }

    public Counter<long> Requests { get; }
    public Histogram<double> RequestDuration { get; }
    public Counter<long> CompletionTokens { get; }
    public Counter<long> PromptTokens { get; }
    public Histogram<double> TokensPerSecond { get; }
    public Counter<long> KeyRequests { get; }
    public Counter<long> KeyRateLimited { get; }
    public Counter<long> KeyPromptTokens { get; }
    public Counter<long> KeyCompletionTokens { get; }

    /// <summary>Counts a response's tokens against the API key (by id) that asked for it.</summary>
    public void RecordKeyUsage(string keyId, UsageDetails usage)
    {
        var tag = new KeyValuePair<string, object?>("key", keyId);
        KeyPromptTokens.Add(usage.InputTokenCount ?? 0, tag);
        KeyCompletionTokens.Add(usage.OutputTokenCount ?? 0, tag);
    }

    public void Dispose() => _meter.Dispose();
}
