using System.Text.Json.Serialization;

namespace Omnia.Server.Realtime.Events.Server;

/// <summary>
/// A message's content part: typed content carries its <c>text</c>, spoken content its <c>transcript</c>, a picture its <c>image_url</c>; either one
/// null until it is known. Written as the derived record; read back, only its type.
/// </summary>
[JsonDerivedType(typeof(RealtimeTextPart))]
[JsonDerivedType(typeof(RealtimeAudioPart))]
[JsonDerivedType(typeof(RealtimeImagePart))]
internal record RealtimeContentPart([property: JsonPropertyOrder(-1)] string Type);

internal sealed record RealtimeTextPart(string Type, string? Text) : RealtimeContentPart(Type);

internal sealed record RealtimeAudioPart(string Type, string? Transcript) : RealtimeContentPart(Type);

/// <summary>A picture the user showed, as the PNG data URL the model was given.</summary>
internal sealed record RealtimeImagePart(string Type, string ImageUrl) : RealtimeContentPart(Type);
