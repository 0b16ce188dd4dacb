using Microsoft.Extensions.Configuration;
using Omnia.Engines.Llama;
using Omnia.Models;
using Omnia.Store;

namespace Omnia.Cli.Hosting;

/// <summary>
/// Everything <c>omnia serve</c> needs, bound from the <c>Omnia</c> configuration section (appsettings.json,
/// <c>Omnia__Key</c> environment variables, the documented <c>OMNIA_*</c> shortcuts) and then command-line flags.
/// </summary>
public sealed record ServeSettings
{
    public string Host { get; init; } = "127.0.0.1";
    public int Port { get; init; } = 8080;
    public string ModelsDir { get; init; } = ModelStore.DefaultDirectory;
    public string? ChatModel { get; init; }

    /// <summary>The chat model's multimodal projector (<c>--mmproj</c>): a path or catalog name; null uses the catalog's pairing.</summary>
    public string? Projector { get; init; }
    public IReadOnlyList<string> ApiKeys { get; init; } = [];

    /// <summary>Signs realtime client secrets (<c>--client-secret-key</c>, <c>OMNIA_CLIENT_SECRET_KEY</c>): nodes sharing it accept each other's; default: derived from the minting API key.</summary>
    public string? ClientSecretKey { get; init; }
    public int ContextSize { get; init; } = 4096;
    public int Parallel { get; init; } = 8;

    /// <summary>Reuse what a finished request left in its KV slot for the next prompt with the same start (<c>--no-prompt-cache</c> turns it off).</summary>
    public bool PromptCache { get; init; } = true;

    /// <summary>Shortest cached run moved into place after a change earlier in a prompt (<c>--cache-reuse</c>; 0: off).</summary>
    public int CacheReuse { get; init; } = 256;

    /// <summary>While others generate, a long prompt is prefilled in pieces that keep a step within this many times an undisturbed one (0: whole batches).</summary>
    public double PrefillSlowdownLimit { get; init; } = 1.75;
    public int? Threads { get; init; }
    public ModelLoadMode LoadMode { get; init; } = ModelLoadMode.Read;
    public string? ChatTemplate { get; init; }
    public long MaxBodyMegabytes { get; init; } = 32;
    public int RequestTimeoutSeconds { get; init; } = 600;

    /// <summary>What realtime semantic_vad reads by default: <c>auto</c>, <c>chat-model</c>, <c>smart-turn</c>, <c>ngram</c> or <c>words</c> (<c>--end-of-turn</c>).</summary>
    public Omnia.Voice.Conversation.EndOfTurnScoring EndOfTurn { get; init; } = Omnia.Voice.Conversation.EndOfTurnScoring.Auto;

    /// <summary>The longest uploaded audio decoded (transcriptions, chat input audio); longer is a 413, refused before
    /// decoding when the file declares its length. Default one hour.</summary>
    public int MaxAudioSeconds { get; init; } = 3600;

    /// <summary>The most encoded bytes of one uploaded audio file; more is a 413. Default 25 (OpenAI's limit).</summary>
    public long MaxAudioMegabytes { get; init; } = 25;

    /// <summary>Megabytes of decoded pixels all image decodes together may hold at once; more wait their turn, and one
    /// image needing more is a 400. Default 256 (one 8192×8192 image).</summary>
    public long ImageDecodeBudgetMegabytes { get; init; } = 256;

    /// <summary>Let image URLs in chat point at loopback, private and link-local addresses (off: they are SSRF targets).</summary>
    public bool AllowPrivateMediaUrls { get; init; }

    /// <summary>The Whisper ggml model (a path or a file in <see cref="ModelsDir"/>); default: the first <c>ggml-*.bin</c> there.</summary>
    public string? WhisperModel { get; init; }

    /// <summary>The Piper voice's <c>.onnx</c> (a path or a file in <see cref="ModelsDir"/>); default: the first with a <c>.onnx.json</c> there.</summary>
    public string? PiperVoice { get; init; }

    /// <summary>OpenAI voice names mapped to engine voices (default: distinct espeak-ng English voices).</summary>
    public IReadOnlyDictionary<string, string>? Voices { get; init; }

    /// <summary>OpenAI-compatible upstreams; several with the same <see cref="UpstreamSetting.Name"/> serve one model together.</summary>
    public IReadOnlyList<UpstreamSetting> Upstreams { get; init; } = [];

    /// <summary>
    /// The image model for <c>/v1/images/generations</c> (<c>--image-model</c>, <c>Omnia:ImageModel</c>): a catalog name
    /// (sd-turbo) or a Stable Diffusion ONNX export directory (<c>text_encoder/</c>, <c>unet/</c>, <c>vae_decoder/</c>,
    /// <c>tokenizer/</c>); default: none.
    /// </summary>
    public string? ImageModel { get; init; }

    /// <summary>The most images one request may ask for (<c>Omnia:MaxImagesPerRequest</c>, default 4).</summary>
    public int MaxImagesPerRequest { get; init; } = 4;

    /// <summary>The guard model for <c>/v1/moderations</c> and guardrails (<c>--moderation-model</c>, <c>Omnia:Moderation:Model</c>).</summary>
    public ModerationSetting Moderation { get; init; } = new();

    /// <summary>Input and output guardrails per chat model id (<c>Omnia:Guardrails:&lt;model&gt;:Input = off|flag|refuse</c>, <c>:Output</c>).</summary>
    public IReadOnlyDictionary<string, Omnia.Moderation.Guardrail> Guardrails { get; init; } = new Dictionary<string, Omnia.Moderation.Guardrail>();
    /// <summary>With API keys set, show <c>/health</c>'s model and engine list without a key (the status is always public).</summary>
    public bool PublicHealth { get; init; }

    /// <summary>With API keys set, serve <c>/metrics</c> without a key (for a scraper that cannot send one).</summary>
    public bool PublicMetrics { get; init; }

    /// <summary>Requests and tokens per minute per API key (<c>Omnia:RateLimits</c>); off unless set.</summary>
    public Omnia.Server.RateLimits.RateLimitOptions RateLimits { get; init; } = new();

    /// <summary>Bounds on a realtime session (<c>Omnia:RealtimeLimits</c>): event size, items, conversation, audio buffer.</summary>
    public Omnia.Server.Realtime.RealtimeLimits RealtimeLimits { get; init; } = new();

    /// <summary>Other tools' stores searched after <see cref="ModelsDir"/> (<c>Omnia:ModelSources:HuggingFaceCache</c>, …).</summary>
    public ModelSources ModelSources { get; init; } = new();

    /// <summary>Never download: start on what the models directory holds (and say what is missing).</summary>
    public bool Offline { get; init; }

    /// <summary>Hugging Face base address or mirror for pulls (null: <c>HF_ENDPOINT</c>, else huggingface.co).</summary>
    public string? HfEndpoint { get; init; }

    /// <summary>Hugging Face token for gated repositories (null: <c>HF_TOKEN</c>).</summary>
    public string? HfToken { get; init; }

    /// <summary>Where the SQLite store's file <c>omnia.db</c> lives (<c>--data-dir</c>, <c>OMNIA_DATA_DIR</c>, <c>Omnia:DataDir</c>); default <c>$XDG_DATA_HOME/omnia</c> or <c>~/.local/share/omnia</c>.</summary>
    public string DataDir { get; init; } = StoreLocation.DefaultDataDirectory;

    /// <summary>A PostgreSQL connection string (<c>--store</c>, <c>OMNIA_STORE</c>, <c>Omnia:Store</c>): the store of several nodes; null keeps SQLite in <see cref="DataDir"/>.</summary>
    public string? Store { get; init; }

    /// <summary>
    /// The lease a node holds on each background response it runs (<c>Omnia:BackgroundResponses:Lease</c>, default
    /// 00:01:00; <c>:LeaseRenewal</c>, default 00:00:20): a response left queued or in_progress by a node that stopped
    /// reads as failed once its lease has passed.
    /// </summary>
    public Omnia.Server.OpenAI.Responses.BackgroundResponseOptions BackgroundResponses { get; init; } = new();

    /// <summary>The store these settings name.</summary>
    /// <exception cref="ArgumentException"><see cref="Store"/> is not a PostgreSQL connection string; the message says what is expected.</exception>
    public StoreLocation ResolveStore() =>
        Store is { Length: > 0 } store ? StoreLocation.PostgreSql(store) : StoreLocation.InDataDirectory(DataDir);

    /// <summary>Reads the configuration layers; the caller applies command-line flags on top with <c>with</c>.</summary>
    public static ServeSettings FromConfiguration(IConfiguration configuration)
    {
        var settings = configuration.GetSection("Omnia").Get<ServeSettings>() ?? new ServeSettings();
        string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
        return settings with
        {
            Host = Env("OMNIA_HOST") ?? settings.Host,
            Port = Env("OMNIA_PORT") is { } port ? int.Parse(port, System.Globalization.CultureInfo.InvariantCulture) : settings.Port,
            ModelsDir = Env("OMNIA_MODELS_DIR") ?? settings.ModelsDir,
            DataDir = Env("OMNIA_DATA_DIR") ?? settings.DataDir,
            Store = Env("OMNIA_STORE") ?? settings.Store,
            ChatModel = Env("OMNIA_CHAT_MODEL") ?? settings.ChatModel,
            ApiKeys = Env("OMNIA_API_KEYS") is { } keys
                ? keys.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : settings.ApiKeys,
            ClientSecretKey = Env("OMNIA_CLIENT_SECRET_KEY") ?? settings.ClientSecretKey,
        };
    }
}
