using Omnia.Tests;

namespace Omnia.Engines.Whisper.Tests;

/// <summary>
/// A tiny Whisper model with seeded random weights, written once per test class. whisper.cpp loads and runs it for real
/// (mel spectrogram, encoder, decoder, timestamps, language detection); its text is noise, so tests assert structure,
/// never words.
/// </summary>
public sealed class RandomWhisperModel : IDisposable
{
    private readonly TempDirectory directory = new();

    public RandomWhisperModel()
    {
        MultilingualPath = new GgmlWhisperFileWriter().WriteTo(directory.Path, "ggml-random.bin");
        EnglishPath = new GgmlWhisperFileWriter { VocabularySize = 51864 }.WriteTo(directory.Path, "ggml-random.en.bin");
    }

    public string MultilingualPath { get; }

    public string EnglishPath { get; }

    /// <summary>Two seconds of a tone with noise as s16le mono at 16 kHz.</summary>
    public static byte[] Audio(double seconds = 2)
    {
        var random = new Random(3);
        var samples = new short[(int)(seconds * 16000)];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)((Math.Sin(i * 0.06) * 0.3 + (random.NextDouble() - 0.5) * 0.05) * short.MaxValue);
        }
        return samples.SelectMany(BitConverter.GetBytes).ToArray();
    }

    public void Dispose() => directory.Dispose();
}
