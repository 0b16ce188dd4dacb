namespace Omnia.Engines.Remote;

/// <summary>One OpenAI-compatible server that can answer for a public model name.</summary>
public sealed record UpstreamOptions
{
    /// <summary>Name used in logs and errors; defaults to the host and port.</summary>
    public string? Name { get; init; }

    /// <summary>The API base, as the OpenAI SDK takes it, e.g. <c>http://vllm:8000/v1</c>.</summary>
    public required Uri BaseUrl { get; init; }

    public string? ApiKey { get; init; }

    /// <summary>The model name the upstream knows.</summary>
    public required string Model { get; init; }

    /// <summary>Longest wait for the upstream's response headers or next bytes.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(120);

    public string DisplayName => Name ?? $"{BaseUrl.Host}:{BaseUrl.Port}";
}
