using System.Diagnostics.Metrics;

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
    }

    public Counter<long> Requests { get; }
    public Histogram<double> RequestDuration { get; }
    public Counter<long> CompletionTokens { get; }
    public Counter<long> PromptTokens { get; }
    public Histogram<double> TokensPerSecond { get; }

    public void Dispose() => _meter.Dispose();
}
