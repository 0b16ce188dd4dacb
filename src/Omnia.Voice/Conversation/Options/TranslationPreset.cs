namespace Omnia.Voice.Conversation;

/// <summary>The live-translation preset: speech in <see cref="From"/>, speech out in <see cref="To"/>, by <see cref="Engine"/>.</summary>
public sealed record TranslationPreset(string From, string To, TranslationEngine Engine);
