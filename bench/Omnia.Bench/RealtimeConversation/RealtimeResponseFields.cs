using System.Text.Json;
using OpenAI.Realtime;

namespace Omnia.Bench.RealtimeConversation;

#pragma warning disable OPENAI002 // The SDK's realtime types are experimental; the bench measures Omnia through them as a user's client would.

/// <summary>The fields of a <c>response.done</c>'s response that the bench reports.</summary>
internal static class RealtimeResponseFields
{
    /// <summary><c>usage.input_tokens</c>.</summary>
    public static int? PromptTokens(this RealtimeResponse response) => response.Usage?.InputTokenCount;

    /// <summary><c>usage.input_token_details.cached_tokens</c>.</summary>
    public static int? CachedTokens(this RealtimeResponse response) => response.Usage?.InputTokenDetails?.CachedTokenCount;

    /// <summary>completed, cancelled, incomplete or failed, as the wire spells it.</summary>
    public static string? StatusText(this RealtimeResponse response) => response.Status?.ToString();

    /// <summary>A failed response's <c>status_details.error</c> message (or code).</summary>
    public static string? ErrorMessage(this RealtimeResponse response) =>
        response.StatusDetails?.Error is { } error ? error.Message ?? error.Code : null;

    /// <summary>The ids of the response's output items.</summary>
    public static IEnumerable<string> OutputItemIds(this RealtimeResponse response) =>
        response.OutputItems.Select(item => item switch
        {
            RealtimeMessageItem message => message.Id,
            RealtimeFunctionCallItem call => call.Id,
            RealtimeFunctionCallOutputItem output => output.Id,
            _ => null,
        }).OfType<string>();

    /// <summary>Omnia's <c>omnia.latency</c> extension (stage_ms → ms after the server's true end of speech); empty from other servers.</summary>
    public static IReadOnlyDictionary<string, double> OmniaLatency(this RealtimeResponse response)
    {
        var latency = new Dictionary<string, double>();
#pragma warning disable SCME0001 // JsonPatch is how the SDK exposes fields it does not model; it is marked for evaluation.
        if (!response.Patch.TryGetJson("$.omnia.latency"u8, out var json)) return latency;
#pragma warning restore SCME0001
        using var trace = JsonDocument.Parse(json);
        if (trace.RootElement.ValueKind != JsonValueKind.Object) return latency;
        foreach (var stage in trace.RootElement.EnumerateObject())
            if (stage.Value.ValueKind == JsonValueKind.Number) latency[stage.Name] = stage.Value.GetDouble();
        return latency;
    }
}
