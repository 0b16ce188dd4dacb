namespace Omnia.Server.Realtime;

/// <summary>The live-translation preset: speech in <see cref="From"/>, speech out in <see cref="To"/>, by <see cref="Engine"/> (<c>apertium</c> or <c>llm</c>).</summary>
internal sealed record TranslationPreset(string From, string To, string Engine);
