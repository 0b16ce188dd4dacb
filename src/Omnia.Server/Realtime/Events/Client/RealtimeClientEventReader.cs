using System.Text.Json;

namespace Omnia.Server.Realtime.Events.Client;

/// <summary>
/// Reads a client event from its UTF-8 bytes. Everything wrong with it becomes a <see cref="RealtimeProtocolException"/>
/// for the <c>error</c> event: broken JSON or a repeated property (<c>invalid_json</c>), no string <c>type</c>
/// (<c>missing_required_parameter</c>), an unknown one (<c>invalid_event_type</c>), a field of the wrong JSON kind
/// (<c>invalid_type</c>, naming it).
/// </summary>
internal static class RealtimeClientEventReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    /// <summary>Each client event's record and its <c>type</c>, as the records declare them.</summary>
    private static readonly Dictionary<Type, string> Names = RealtimeJsonContext.Default.RealtimeClientEvent.PolymorphismOptions!.DerivedTypes
        .ToDictionary(d => d.DerivedType, d => (string)d.TypeDiscriminator!);

    private static readonly HashSet<string> KnownTypes = Names.Values.ToHashSet(StringComparer.Ordinal);

    /// <summary>The event's <c>type</c>, for logs and errors.</summary>
    public static string NameOf(RealtimeClientEvent evt) => Names[evt.GetType()];

    /// <summary>The event; an exception for a bad one carries its <c>event_id</c> when it has a string one.</summary>
    public static RealtimeClientEvent Read(ReadOnlyMemory<byte> utf8)
    {
        JsonDocument document;
        try
        {
            // Read whole first: the syntax, repeated properties, and the type and event_id wherever they are.
            document = JsonDocument.Parse(utf8, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new RealtimeProtocolException("invalid_json", $"The event is not valid JSON: {e.Message.Split('.')[0]}.");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new RealtimeProtocolException("invalid_json", "An event must be a JSON object.");
            var eventId = root.TryGetProperty("event_id"u8, out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
            if (!root.TryGetProperty("type"u8, out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
                throw new RealtimeProtocolException("missing_required_parameter", "The event has no 'type'.", "type") { EventId = eventId };
            var type = typeElement.GetString()!;
            if (!KnownTypes.Contains(type))
                throw new RealtimeProtocolException("invalid_event_type", $"Unknown event type '{type}'.", "type") { EventId = eventId };
            try
            {
                return root.Deserialize(RealtimeJsonContext.Default.RealtimeClientEvent)!;
            }
            catch (JsonException e)
            {
                var param = e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : e.Path;
                throw new RealtimeProtocolException("invalid_type", $"Invalid type for '{param}'.", param) { EventId = eventId };
            }
        }
    }
}
