using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using System.Text.Json;
using OpenAI.Realtime;

namespace Omnia.Cli.Commands;

#pragma warning disable OPENAI002 // The SDK's realtime client is experimental; talk is a user's client of Omnia, so it reads through the official one.

/// <summary>A talk session's server events, read by the official SDK one message at a time.</summary>
internal static class TalkUpdates
{
    /// <summary>
    /// The session's updates in order, ending when the server closes it. A message the SDK's models cannot read is
    /// skipped with a warning on stderr, where the SDK's own typed enumeration would end the session with it.
    /// </summary>
    public static async IAsyncEnumerable<RealtimeServerUpdate> ReadAsync(RealtimeSessionClient client, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var message in client.ReceiveUpdatesAsync(new RequestOptions { CancellationToken = cancellationToken }))
        {
            var json = message.GetRawResponse().Content;
            RealtimeServerUpdate? update;
            try
            {
                update = ModelReaderWriter.Read<RealtimeServerUpdate>(json);
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException or JsonException)
            {
                await Console.Error.WriteLineAsync($"warning: skipped a server event the OpenAI SDK cannot read ({TypeOf(json)}): {e.Message}");
                continue;
            }
            if (update is not null) yield return update;
        }
    }

    private static string TypeOf(BinaryData json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                ? type.GetString()!
                : "no type";
        }
        catch (JsonException)
        {
            return "not JSON";
        }
    }
}
