namespace Omnia.Core.Tests.Audio;

/// <summary>Generated test signals and the measurements the audio tests make on them.</summary>
internal static class Signals
{
    public static float[] Sine(double frequency, int sampleRate, double seconds, double amplitude = 0.5)
    {
        var samples = new float[(int)(seconds * sampleRate)];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (float)(amplitude * Math.Sin(2 * Math.PI * frequency * i / sampleRate));
        }

        return samples;
    }

    /// <summary>A linear sweep from <paramref name="from"/> to <paramref name="to"/> Hz with amplitude 1.</summary>
    public static float[] Sweep(double from, double to, int sampleRate, double seconds)
    {
        var samples = new float[(int)(seconds * sampleRate)];
        var rate = (to - from) / seconds;
        for (var i = 0; i < samples.Length; i++)
        {
            var t = (double)i / sampleRate;
            samples[i] = (float)Math.Sin(2 * Math.PI * ((from * t) + (rate * t * t / 2)));
        }

        return samples;
    }

    public static double Rms(ReadOnlySpan<float> samples)
    {
        var sum = 0.0;
        foreach (var s in samples)
        {
            sum += (double)s * s;
        }

        return samples.Length == 0 ? 0 : Math.Sqrt(sum / samples.Length);
    }

    public static double Decibels(double ratio) => 20 * Math.Log10(ratio);

    /// <summary>The frequency of a steady tone, from the mean spacing of its rising zero crossings.</summary>
    public static double ToneFrequency(ReadOnlySpan<float> samples, int sampleRate)
    {
        int first = -1, last = -1, crossings = 0;
        for (var i = 1; i < samples.Length; i++)
        {
            if (samples[i - 1] < 0 && samples[i] >= 0)
            {
                if (first < 0)
                {
                    first = i;
                }
                else
                {
                    crossings++;
                }

                last = i;
            }
        }

        return crossings == 0 ? 0 : crossings * (double)sampleRate / (last - first);
    }
}
