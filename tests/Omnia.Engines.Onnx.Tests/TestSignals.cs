namespace Omnia.Engines.Onnx.Tests;

/// <summary>Builds test audio: silence, seeded white noise, concatenation, and where speech truly is.</summary>
internal static class TestSignals
{
    public static float[] Silence(int ms, int sampleRate = FliteSpeech.SampleRate) => new float[Samples(ms, sampleRate)];

    /// <summary>Uniform white noise with the given RMS level, reproducible from its seed.</summary>
    public static float[] Noise(int ms, float rms, int seed, int sampleRate = FliteSpeech.SampleRate)
    {
        var random = new Random(seed);
        var peak = rms * MathF.Sqrt(3f);
        var noise = new float[Samples(ms, sampleRate)];
        for (var i = 0; i < noise.Length; i++)
        {
            noise[i] = peak * (2f * random.NextSingle() - 1f);
        }

        return noise;
    }

    public static float[] Concat(params float[][] parts) => parts.SelectMany(p => p).ToArray();

    public static int Samples(int ms, int sampleRate = FliteSpeech.SampleRate) => (int)((long)ms * sampleRate / 1000);

    public static double Ms(int samples, int sampleRate = FliteSpeech.SampleRate) => samples * 1000.0 / sampleRate;

    /// <summary>
    /// The first and last sample of speech, from the signal's energy: the outermost 10 ms windows whose RMS is within
    /// 40 dB of the loudest window.
    /// </summary>
    public static (int Start, int End) SpeechBounds(float[] speech, int sampleRate = FliteSpeech.SampleRate)
    {
        var window = sampleRate / 100;
        var rms = new double[speech.Length / window];
        for (var w = 0; w < rms.Length; w++)
        {
            rms[w] = Math.Sqrt(speech.AsSpan(w * window, window).ToArray().Average(s => (double)s * s));
        }

        var floor = rms.Max() / 100;
        var first = Array.FindIndex(rms, r => r >= floor);
        var last = Array.FindLastIndex(rms, r => r >= floor);
        return (first * window, (last + 1) * window);
    }

    /// <summary>The speech alone, cut at its energy bounds.</summary>
    public static float[] Trim(float[] speech)
    {
        var (start, end) = SpeechBounds(speech);
        return speech[start..end];
    }
}
