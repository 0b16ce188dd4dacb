using Microsoft.Extensions.AI;

namespace Omnia.Server.RateLimits;

/// <summary>
/// A request's tokens before it runs, as OpenAI admits them: the prompt estimated from its characters (about four per
/// token) plus the most it may generate. The real usage settles the difference when the response ends.
/// </summary>
public static class TokenEstimate
{
    private const int CharactersPerToken = 4;

    /// <summary>Tokens an image or a clip of audio is counted as before its real count is known.</summary>
    private const int MediaTokens = 256;

    public static long Of(IEnumerable<ChatMessage> messages, int? maxOutputTokens)
    {
        long characters = 0, media = 0;
        foreach (var message in messages)
            foreach (var content in message.Contents)
            {
                switch (content)
                {
                    case TextContent text: characters += text.Text.Length; break;
                    case DataContent or UriContent: media++; break;
                    case FunctionCallContent call: characters += call.Name.Length + (call.Arguments?.Sum(a => a.Key.Length + (a.Value?.ToString()?.Length ?? 0)) ?? 0); break;
                    case FunctionResultContent result: characters += result.Result?.ToString()?.Length ?? 0; break;
                }
            }
        return (characters + CharactersPerToken - 1) / CharactersPerToken + media * MediaTokens + Math.Max(0, maxOutputTokens ?? 0);
    }
}
