namespace Omnia.Engines.Classic.Espeak;

/// <summary>A voice installed with espeak-ng-data.</summary>
/// <param name="Name">The voice's display name, e.g. "English (America)".</param>
/// <param name="Identifier">The voice file within espeak-ng-data, e.g. "gmw/en-US"; also accepted as a voice id.</param>
/// <param name="Languages">The language tags it speaks, most preferred first, e.g. "en-us"; each is accepted as a voice id.</param>
public sealed record EspeakVoice(string Name, string Identifier, IReadOnlyList<string> Languages);
