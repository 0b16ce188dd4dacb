namespace Omnia.Turns;

/// <summary>The utterance so far, as a model of turn ends needs it.</summary>
/// <param name="Transcript">The live transcript (text models read this).</param>
/// <param name="Audio">The utterance's audio so far, 16 kHz mono (audio models hear this; the newest samples last).</param>
/// <param name="Language">An ISO-639-1 code when known.</param>
public sealed record EndOfTurnInput(string Transcript, ReadOnlyMemory<float> Audio, string? Language = null)
{
    /// <summary>The rate of <see cref="Audio"/>.</summary>
    public const int SampleRate = 16000;
}
