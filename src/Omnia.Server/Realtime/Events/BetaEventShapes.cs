using System.Text.Json.Serialization.Metadata;
using Omnia.Server.Realtime.Events.Server;

namespace Omnia.Server.Realtime.Events;

/// <summary>
/// Where the beta protocol (<c>OpenAI-Beta: realtime=v1</c>) differs from GA in the events Omnia writes: some event
/// names and the content part types of <c>response.content_part.*</c>. (The beta session and response shapes are
/// chosen where they are built, from the same flag.)
/// </summary>
internal static class BetaEventShapes
{
    /// <summary>GA event names as the beta protocol spells them.</summary>
    public static IReadOnlyDictionary<string, string> EventNames { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["conversation.item.added"] = "conversation.item.created",
        ["response.output_audio.delta"] = "response.audio.delta",
        ["response.output_audio.done"] = "response.audio.done",
        ["response.output_audio_transcript.delta"] = "response.audio_transcript.delta",
        ["response.output_audio_transcript.done"] = "response.audio_transcript.done",
        ["response.output_text.delta"] = "response.text.delta",
        ["response.output_text.done"] = "response.text.done",
    };

    /// <summary>A response content part's type as beta names it: <c>text</c> and <c>audio</c> for GA's <c>output_text</c> and <c>output_audio</c>.</summary>
    public static string PartType(string gaType) => gaType.Replace("output_", "", StringComparison.Ordinal);

    /// <summary>Renames the server events' type discriminators to the beta names.</summary>
    public static void RenameEvents(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Type != typeof(RealtimeServerEvent) || typeInfo.PolymorphismOptions is not { } polymorphism) return;
        var derived = polymorphism.DerivedTypes;
        for (var i = 0; i < derived.Count; i++)
            if (derived[i].TypeDiscriminator is string name && EventNames.TryGetValue(name, out var beta))
                derived[i] = new JsonDerivedType(derived[i].DerivedType, beta);
    }
}
