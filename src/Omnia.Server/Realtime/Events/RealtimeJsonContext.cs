using System.Text.Json;
using System.Text.Json.Serialization;
using Omnia.Server.Realtime.Events.Client;
using Omnia.Server.Realtime.Events.Server;

namespace Omnia.Server.Realtime.Events;

/// <summary>
/// The Realtime API's events, source-generated: snake_case, nulls written (OpenAI writes them), and <c>type</c>
/// read wherever the client puts it in the object.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    AllowOutOfOrderMetadataProperties = true,
    NumberHandling = JsonNumberHandling.Strict,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    MaxDepth = 64)]
[JsonSerializable(typeof(RealtimeServerEvent))]
[JsonSerializable(typeof(RealtimeClientEvent))]
[JsonSerializable(typeof(RealtimeLatency))]
[JsonSerializable(typeof(RealtimeSessionResource))]
internal sealed partial class RealtimeJsonContext : JsonSerializerContext;
