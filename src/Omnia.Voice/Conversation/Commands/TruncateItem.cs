namespace Omnia.Voice.Conversation;

/// <summary>The listener heard only <see cref="AudioEndMs"/> of a spoken answer (it was interrupted): the item keeps only that.</summary>
public sealed record TruncateItem(string? ItemId, int ContentIndex, double AudioEndMs) : VoiceCommand;
