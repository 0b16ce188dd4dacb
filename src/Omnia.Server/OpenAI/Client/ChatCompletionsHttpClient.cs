using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Omnia.Server.Errors;
using Omnia.Server.OpenAI.Chat;

namespace Omnia.Server.OpenAI.Client;

/// <summary>
/// A small streaming <see cref="IChatClient"/> for an OpenAI-compatible <c>/v1/chat/completions</c> (another Omnia, say),
/// used by <c>omnia chat --url</c>. Text in, text out; the wire shapes stay in this project.
/// </summary>
public sealed class ChatCompletionsHttpClient(HttpClient http, Uri baseUrl, string model, string? apiKey) : IChatClient
{
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var body = new
        {
            model,
            stream = true,
            messages = messages.Select(m => new { role = m.Role.Value, content = m.Text }),
            max_tokens = options?.MaxOutputTokens,
            temperature = options?.Temperature,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, "v1/chat/completions"))
        {
            Content = JsonContent.Create(body, options: OpenAIJson.Options),
        };
        if (apiKey is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var error = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"{(int)response.StatusCode} from {baseUrl}: {error}");
        }

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
            var data = line["data: ".Length..];
            if (data == OpenAIProtocol.Done) yield break;
            if (data.Contains("\"error\"", StringComparison.Ordinal) && JsonSerializer.Deserialize<OpenAIError>(data, OpenAIJson.Options) is { Error: { } failure })
                throw new HttpRequestException($"{baseUrl} failed mid-stream: {failure.Message}");
            var chunk = JsonSerializer.Deserialize<ChatCompletionChunk>(data, OpenAIJson.Options);
            foreach (var choice in chunk?.Choices ?? [])
                if (choice.Delta.Content is { Length: > 0 } text)
                    yield return new ChatResponseUpdate(ChatRole.Assistant, text) { ModelId = chunk!.Model };
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
        // The HttpClient belongs to the caller.
    }
}
