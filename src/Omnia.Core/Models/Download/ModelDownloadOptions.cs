namespace Omnia.Models.Download;

/// <summary>Where and how <see cref="ModelDownloader"/> fetches model files; every default is documented on its property.</summary>
public sealed record ModelDownloadOptions
{
    /// <summary>https://huggingface.co/, the hub that catalog repositories name.</summary>
    public static Uri DefaultEndpoint { get; } = new("https://huggingface.co/");

    private readonly Uri _endpoint = DefaultEndpoint;

    /// <summary>Base address of the hub or a mirror of it (<c>HF_ENDPOINT</c>); files are <c>{endpoint}/{repo}/resolve/{revision}/{path}</c>.</summary>
    public Uri Endpoint
    {
        get => _endpoint;
        init => _endpoint = value.AbsoluteUri.EndsWith('/') ? value : new Uri(value.AbsoluteUri + "/");
    }

    /// <summary>Access token for gated repositories (<c>HF_TOKEN</c>), sent only to <see cref="Endpoint"/>'s host, never across a redirect to another.</summary>
    public string? Token { get; init; }

    /// <summary>
    /// The Hugging Face cache to store downloads of hub files in, as huggingface_hub lays them out, each linked into the
    /// models directory (<c>omnia pull --hf-cache</c>); null (the default): downloads are plain files in the models directory.
    /// </summary>
    public string? HubCacheDirectory { get; init; }

    /// <summary>Files downloaded at once (default 4).</summary>
    public int MaxParallelFiles { get; init; } = 4;

    /// <summary>Longest wait for a TCP/TLS connection (default 15 s).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Longest wait for response headers once a request is sent (default 30 s).</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest time a transfer may go without receiving a byte before it is called stalled (default 30 s).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Tries per file when a transfer is cut or stalls; each try resumes where the last stopped (default 3).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Pause before a retry (default 2 s).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Least time between two progress reports of one file (default 250 ms); phase changes are always reported.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The defaults, with <c>HF_ENDPOINT</c> and <c>HF_TOKEN</c> from the environment unless given here.</summary>
    public static ModelDownloadOptions FromEnvironment(string? endpoint = null, string? token = null)
    {
        static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
        var address = endpoint ?? Env("HF_ENDPOINT");
        if (address is not null && !(Uri.TryCreate(address, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"))
            throw new ArgumentException($"The hub endpoint '{address}' is not an http(s) address.", nameof(endpoint));
        return new ModelDownloadOptions
        {
            Endpoint = address is null ? DefaultEndpoint : new Uri(address),
            Token = token ?? Env("HF_TOKEN") ?? Env("HUGGING_FACE_HUB_TOKEN"),
        };
    }
}
