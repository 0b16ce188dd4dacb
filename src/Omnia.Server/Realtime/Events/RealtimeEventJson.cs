using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Omnia.Server.Realtime.Events.Server;

namespace Omnia.Server.Realtime.Events;

/// <summary>How server events are written: GA names, or beta names for beta clients (the one place they are mapped).</summary>
internal static class RealtimeEventJson
{
    public static JsonTypeInfo<RealtimeServerEvent> Ga { get; } = RealtimeJsonContext.Default.RealtimeServerEvent;

    public static JsonTypeInfo<RealtimeServerEvent> Beta { get; } = (JsonTypeInfo<RealtimeServerEvent>)new JsonSerializerOptions(RealtimeJsonContext.Default.Options)
    {
        TypeInfoResolver = RealtimeJsonContext.Default.WithAddedModifier(BetaEventShapes.RenameEvents),
    }.GetTypeInfo(typeof(RealtimeServerEvent));

    public static JsonTypeInfo<RealtimeServerEvent> For(bool beta) => beta ? Beta : Ga;
}
