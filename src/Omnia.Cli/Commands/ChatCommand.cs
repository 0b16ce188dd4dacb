using System.ClientModel;
using System.ClientModel.Primitives;
using System.CommandLine;
using Microsoft.Extensions.AI;
using OpenAI;
using Omnia.Catalog;
using Omnia.Cli.Hosting;
using Omnia.Engines.Llama;
using Omnia.Models;

namespace Omnia.Cli.Commands;

/// <summary><c>omnia chat</c>: an interactive terminal chat that streams tokens, in-process or against a server.</summary>
internal static class ChatCommand
{
    public static Command Create()
    {
        var url = new Option<string?>("--url") { Description = "Chat with a running server (e.g. http://127.0.0.1:8080) instead of loading a model here." };
        var apiKey = new Option<string?>("--api-key") { Description = "API key for --url (default: $OMNIA_API_KEY)." };
        var model = new Option<string?>("--model") { Description = "Model id to ask the server for (with --url)." };
        var chatModel = new Option<string?>("--chat-model") { Description = "In-process: a .gguf path or catalog name (default: first chat model in the models directory)." };
        var modelsDir = CommonOptions.ModelsDir();
        var system = new Option<string?>("--system") { Description = "A system prompt." };
        var maxTokens = new Option<int?>("--max-tokens") { Description = "Most tokens per answer." };
        var temperature = new Option<float?>("--temperature") { Description = "Sampling temperature (0-2)." };

        var command = new Command("chat", "Chat in the terminal; answers stream as they are generated. /reset clears, /exit quits.")
        {
            url, apiKey, model, chatModel, modelsDir, system, maxTokens, temperature,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            LlamaModel? local = null;
            IChatClient client;
            if (parse.GetValue(url) is { } address)
            {
                // System.CommandLine has no parser for Uri: an Option<Uri> throws on any value.
                if (!Uri.TryCreate(address, UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https"))
                {
                    await Console.Error.WriteLineAsync($"--url must be an absolute http(s) URL such as http://127.0.0.1:8080; got '{address}'.");
                    return 1;
                }
                client = ServerChatClient(server, parse.GetValue(model) ?? "default",
                    parse.GetValue(apiKey) ?? Environment.GetEnvironmentVariable("OMNIA_API_KEY"));
            }
            else
            {
                var store = ConfiguredModelStore.Open(parse.GetValue(modelsDir));
                ResolvedModel? resolved;
                try
                {
                    resolved = parse.GetValue(chatModel) is { } spec ? store.Resolve(spec, ModelRole.Chat) : store.FindDefaultChatModel();
                }
                catch (Exception e) when (e is ModelNotFoundException or ModelIntegrityException)
                {
                    await Console.Error.WriteLineAsync(e.Message);
                    return 1;
                }
                if (resolved is null)
                {
                    await Console.Error.WriteLineAsync($"No chat model in {store.Directory}: put a .gguf there or pass --chat-model PATH|NAME.");
                    return 1;
                }
                local = LlamaModel.Load(new LlamaEngineOptions { ModelPath = resolved.Path, Parallel = 1 });
                client = local.CreateChatClient(resolved.Name);
            }

            try
            {
                return await ConverseAsync(client, parse.GetValue(system), new ChatOptions
                {
                    MaxOutputTokens = parse.GetValue(maxTokens),
                    Temperature = parse.GetValue(temperature),
                }, cancellationToken);
            }
            finally
            {
                client.Dispose();
                local?.Dispose();
            }
        });
        return command;
    }

    /// <summary>
    /// A running server's chat through the official OpenAI SDK. An answer may take long on a CPU, so there is no
    /// network timeout, and no retries: a failed turn is reported, and the user asks again.
    /// </summary>
    private static IChatClient ServerChatClient(Uri server, string model, string? apiKey) =>
        new OpenAIClient(
                new ApiKeyCredential(apiKey ?? "none"),
                new OpenAIClientOptions { Endpoint = new Uri(server, "v1"), NetworkTimeout = Timeout.InfiniteTimeSpan, RetryPolicy = new ClientRetryPolicy(maxRetries: 0) })
            .GetChatClient(model)
            .AsIChatClient();

    private static async Task<int> ConverseAsync(IChatClient client, string? system, ChatOptions options, CancellationToken cancellationToken)
    {
        var history = new List<ChatMessage>();
        if (system is not null) history.Add(new(ChatRole.System, system));
        while (!cancellationToken.IsCancellationRequested)
        {
            Console.Write("> ");
            var line = await Console.In.ReadLineAsync(cancellationToken);
            if (line is null || line.Trim() is "/exit" or "/quit") return 0;
            if (line.Trim() == "/reset")
            {
                history.RemoveAll(m => m.Role != ChatRole.System);
                continue;
            }
            if (line.Trim().Length == 0) continue;

            history.Add(new(ChatRole.User, line));
            var answer = new System.Text.StringBuilder();
            try
            {
                await foreach (var update in client.GetStreamingResponseAsync(history, options, cancellationToken))
                {
                    Console.Write(update.Text);
                    answer.Append(update.Text);
                }
            }
            catch (Exception e) when (e is ClientResultException or HttpRequestException or Omnia.Errors.InvalidRequestException)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                history.RemoveAt(history.Count - 1);
                continue;
            }
            Console.WriteLine();
            history.Add(new(ChatRole.Assistant, answer.ToString()));
        }
        return 0;
    }
}
