namespace Omnia.Vad;

/// <summary>Loaded voice activity weights that hand out one <see cref="IVoiceActivityModel"/> per audio stream.</summary>
/// <remarks>Thread-safe: many streams, for example many realtime sessions, create and use their models concurrently.</remarks>
public interface IVoiceActivityModelFactory
{
    /// <summary>Gets the sample rates, in hertz, that <see cref="Create"/> accepts.</summary>
    IReadOnlyList<int> SampleRates { get; }

    /// <summary>Creates the classifier for one new audio stream.</summary>
    /// <param name="sampleRate">One of <see cref="SampleRates"/>.</param>
    IVoiceActivityModel Create(int sampleRate);
}
