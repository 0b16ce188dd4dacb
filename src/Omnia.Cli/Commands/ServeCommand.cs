using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Omnia.Cli.Hosting;
using Omnia.Engines.Llama;
using Omnia.Server.RateLimits;
using Omnia.Storage;

namespace Omnia.Cli.Commands;

/// <summary><c>omnia serve</c>: the OpenAI-compatible server.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var host = new Option<string?>("--host") { Description = "Address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)." };
        var port = new Option<int?>("--port") { Description = "Port to listen on (default 8080; 0 picks a free one)." };
        var modelsDir = CommonOptions.ModelsDir();
        var chatModel = new Option<string?>("--chat-model") { Description = "Chat model: a .gguf path or a catalog name (default: the first chat model in the models directory)." };
        var mmproj = new Option<string?>("--mmproj") { Description = "Multimodal projector for the chat model: an mmproj .gguf path or catalog name (default: the catalog's projector for the chat model, when installed)." };
        var apiKeys = new Option<string[]>("--api-key") { Description = "Require this API key on /v1 routes (repeatable; env OMNIA_API_KEYS=k1,k2).", Arity = ArgumentArity.ZeroOrMore };
        var clientSecretKey = new Option<string?>("--client-secret-key")
        {
            Description = "Sign realtime ek_ client secrets with this key, so every node given it accepts them (env OMNIA_CLIENT_SECRET_KEY; default: a key derived from the API key that minted the secret, or a random one per process without API keys).",
        };
        var contextSize = new Option<int?>("--context-size") { Description = "Tokens per request, prompt and answer together (default 4096, capped at the model's)." };
        var parallel = new Option<int?>("--parallel") { Description = "Requests decoded together in one batch (default 8)." };
        var noPromptCache = new Option<bool>("--no-prompt-cache") { Description = "Prefill every prompt whole instead of reusing the KV cells a previous request with the same start left (Omnia:PromptCache)." };
        var cacheReuse = new Option<int?>("--cache-reuse")
        {
            Description = "Shortest run of cached tokens a prompt has again after a change earlier on (a truncated conversation) that is moved into place instead of prefilled again, as llama.cpp's --cache-reuse (default 256; 0: off; Omnia:CacheReuse).",
        };
        var threads = new Option<int?>("--threads") { Description = "CPU threads for decoding (default: all cores)." };
        var loadMode = new Option<ModelLoadMode?>("--load-mode") { Description = "read (default: copy weights into memory) or mmap (map the file)." };
        var chatTemplate = new Option<string?>("--chat-template") { Description = "Override the model's chat template (llama.cpp template name or text)." };
        var maxBody = new Option<long?>("--max-body-mb") { Description = "Largest request body in MiB (default 32)." };
        var timeout = new Option<int?>("--request-timeout") { Description = "Seconds a request may run, streaming included (default 600)." };
        var endOfTurn = new Option<string?>("--end-of-turn")
        {
            Description = "What realtime semantic_vad reads to decide the user finished: auto (the local chat model's end-of-turn probability, else Smart Turn if pulled, else pocketsphinx's n-gram LM, else the word rule), chat-model, smart-turn, ngram or words (a session's omnia.end_of_turn overrides).",
        };
        endOfTurn.AcceptOnlyFromAmong("auto", "chat-model", "smart-turn", "ngram", "words");
        var upstreams = new Option<string[]>("--upstream")
        {
            Description = "Serve model NAME from an OpenAI-compatible server: NAME=URL[,model=M][,key=K][,timeout=S][,routing=prefix-affinity|least-in-flight], URL like http://host:8000/v1 (repeat a NAME to balance over several).",
            Arity = ArgumentArity.ZeroOrMore,
        };

        var moderationModel = new Option<string?>("--moderation-model") { Description = "Guard model for /v1/moderations and guardrails: a .gguf path or catalog name (llama-guard-3-1b); default: none." };
        var imageModel = new Option<string?>("--image-model") { Description = "Image model for /v1/images/generations: a catalog name (sd-turbo) or a Stable Diffusion ONNX export directory; default: none." };
        var rpm = new Option<int?>("--rate-limit-rpm") { Description = "Requests per minute per API key, or for all clients together without keys (default: unlimited; per-key overrides in Omnia:RateLimits:Keys)." };
        var tpm = new Option<int?>("--rate-limit-tpm") { Description = "Tokens per minute per API key, prompt and completion (default: unlimited)." };
        var publicHealth = new Option<bool>("--public-health") { Description = "With --api-key: show /health's model and engine list without a key (its status is always public)." };
        var publicMetrics = new Option<bool>("--public-metrics") { Description = "With --api-key: serve /metrics without a key (default: it needs one)." };
        var offline = new Option<bool>("--offline") { Description = "Do not download missing models; start on what is installed." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Directory of the store's SQLite file omnia.db, created when missing (default: $OMNIA_DATA_DIR, else $XDG_DATA_HOME/omnia or ~/.local/share/omnia)." };
        var store = new Option<string?>("--store") { Description = "Keep responses and conversations in PostgreSQL instead of SQLite, e.g. \"Host=db;Database=omnia;Username=omnia;Password=…\" or postgres://user:password@host/db (several nodes share one; env OMNIA_STORE)." };
        var hfToken = HubOptions.Token();
        var hfEndpoint = HubOptions.Endpoint();

        var command = new Command("serve", "Serve the OpenAI API (chat completions, models) from local models.")
        {
            host, port, modelsDir, chatModel, mmproj, apiKeys, clientSecretKey, contextSize, parallel, noPromptCache, cacheReuse, threads, loadMode, chatTemplate, maxBody, timeout, endOfTurn, upstreams,
            moderationModel, imageModel, rpm, tpm, publicHealth, publicMetrics, offline, dataDir, store, hfToken, hfEndpoint,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = ServeSettings.FromConfiguration(ServeHost.LoadConfiguration());
            settings = settings with
            {
                Host = parse.GetValue(host) ?? settings.Host,
                Port = parse.GetValue(port) ?? settings.Port,
                ModelsDir = parse.GetValue(modelsDir) ?? settings.ModelsDir,
                ChatModel = parse.GetValue(chatModel) ?? settings.ChatModel,
                Projector = parse.GetValue(mmproj) ?? settings.Projector,
                ApiKeys = parse.GetValue(apiKeys) is { Length: > 0 } keys ? keys : settings.ApiKeys,
                ClientSecretKey = parse.GetValue(clientSecretKey) ?? settings.ClientSecretKey,
                ContextSize = parse.GetValue(contextSize) ?? settings.ContextSize,
                Parallel = parse.GetValue(parallel) ?? settings.Parallel,
                PromptCache = !parse.GetValue(noPromptCache) && settings.PromptCache,
                CacheReuse = parse.GetValue(cacheReuse) ?? settings.CacheReuse,
                Threads = parse.GetValue(threads) ?? settings.Threads,
                LoadMode = parse.GetValue(loadMode) ?? settings.LoadMode,
                ChatTemplate = parse.GetValue(chatTemplate) ?? settings.ChatTemplate,
                MaxBodyMegabytes = parse.GetValue(maxBody) ?? settings.MaxBodyMegabytes,
                RequestTimeoutSeconds = parse.GetValue(timeout) ?? settings.RequestTimeoutSeconds,
                EndOfTurn = parse.GetValue(endOfTurn) switch
                {
                    "chat-model" => Omnia.Voice.Conversation.EndOfTurnScoring.ChatModel,
                    "smart-turn" => Omnia.Voice.Conversation.EndOfTurnScoring.SmartTurn,
                    "ngram" => Omnia.Voice.Conversation.EndOfTurnScoring.NGram,
                    "words" => Omnia.Voice.Conversation.EndOfTurnScoring.Words,
                    "auto" => Omnia.Voice.Conversation.EndOfTurnScoring.Auto,
                    _ => settings.EndOfTurn,
                },
                Upstreams = parse.GetValue(upstreams) is { Length: > 0 } flags ? flags.Select(UpstreamSetting.Parse).ToList() : settings.Upstreams,
                Moderation = parse.GetValue(moderationModel) is { } guard ? settings.Moderation with { Model = guard } : settings.Moderation,
                ImageModel = parse.GetValue(imageModel) ?? settings.ImageModel,
                PublicHealth = parse.GetValue(publicHealth) || settings.PublicHealth,
                PublicMetrics = parse.GetValue(publicMetrics) || settings.PublicMetrics,
                RateLimits = WithFlags(settings.RateLimits, parse.GetValue(rpm), parse.GetValue(tpm)),
                Offline = parse.GetValue(offline) || settings.Offline,
                HfToken = parse.GetValue(hfToken) ?? settings.HfToken,
                HfEndpoint = parse.GetValue(hfEndpoint) ?? settings.HfEndpoint,
                DataDir = parse.GetValue(dataDir) ?? settings.DataDir,
                Store = parse.GetValue(store) ?? settings.Store,
            };
            try
            {
                settings.ResolveStore();
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync($"omnia: {e.Message}");
                return 2;
            }
            if (!settings.BackgroundResponses.IsValid)
            {
                await Console.Error.WriteLineAsync(
                    $"omnia: Omnia:BackgroundResponses: LeaseRenewal ({settings.BackgroundResponses.LeaseRenewal}) and Lease ({settings.BackgroundResponses.Lease}) must be positive, LeaseRenewal the shorter.");
                return 2;
            }
            await using var app = ServeHost.Build(settings);
            try
            {
                await ServeHost.StartAsync(app, cancellationToken);
            }
            catch (StoreUnavailableException e)
            {
                // Nothing is served without the store (a stopped PostgreSQL, an unwritable data directory): say which, no stack.
                await Console.Error.WriteLineAsync($"omnia: {e.Message}");
                return 1;
            }
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    /// <summary>The configured limits with the flags' defaults on top; per-key overrides stay as configured.</summary>
    private static RateLimitOptions WithFlags(RateLimitOptions configured, int? requestsPerMinute, int? tokensPerMinute) => new()
    {
        RequestsPerMinute = requestsPerMinute ?? configured.RequestsPerMinute,
        TokensPerMinute = tokensPerMinute ?? configured.TokensPerMinute,
        Keys = configured.Keys,
    };
}
