namespace Omnia.Engines.Classic.Tests.Espeak;

/// <summary>Phase-independent comparisons of two renderings of speech, for telling voices apart.</summary>
/// <remarks>
/// espeak-ng's waveform for the same request varies in phase from run to run, so samples cannot be compared
/// directly; the loudness contour (timing) and the long-term spectrum (timbre) are stable for a voice.
/// </remarks>
internal sealed class SpeechFingerprint
{
    private const int FrameSamples = 441;   // 20 ms at 22050 Hz
    private const int SpectrumFrame = 512;
    private const int SpectrumBands = 64;

    private readonly double[] contour;
    private readonly double[] spectrum;

    public SpeechFingerprint(short[] samples)
    {
        contour = Contour(samples);
        spectrum = Spectrum(samples);
    }

    /// <summary>Correlation of the 20 ms log-energy contours: ~1 for the same words at the same pace.</summary>
    public double TimingSimilarity(SpeechFingerprint other) => Correlation(contour, other.contour);

    /// <summary>Correlation of the log long-term spectra: ~1 for the same vocal timbre.</summary>
    public double TimbreSimilarity(SpeechFingerprint other) => Correlation(spectrum, other.spectrum);

    /// <summary>The lower of the two: ~1 only when both timing and timbre match.</summary>
    public double Similarity(SpeechFingerprint other) => Math.Min(TimingSimilarity(other), TimbreSimilarity(other));

    private static double[] Contour(short[] samples)
    {
        var contour = new double[samples.Length / FrameSamples];
        for (var f = 0; f < contour.Length; f++)
        {
            double energy = 0;
            for (var i = f * FrameSamples; i < (f + 1) * FrameSamples; i++)
            {
                energy += (double)samples[i] * samples[i];
            }
            contour[f] = Math.Log(1 + energy / FrameSamples);
        }
        return contour;
    }

    private static double[] Spectrum(short[] samples)
    {
        var cos = new double[SpectrumFrame];
        var sin = new double[SpectrumFrame];
        var window = new double[SpectrumFrame];
        for (var j = 0; j < SpectrumFrame; j++)
        {
            cos[j] = Math.Cos(2 * Math.PI * j / SpectrumFrame);
            sin[j] = Math.Sin(2 * Math.PI * j / SpectrumFrame);
            window[j] = 0.5 - 0.5 * cos[j];
        }
        var bands = new double[SpectrumBands];
        for (var start = 0; start + SpectrumFrame <= samples.Length; start += SpectrumFrame / 2)
        {
            for (var band = 0; band < SpectrumBands; band++)
            {
                // Every other DFT bin up to a quarter of the sample rate: where the formants are.
                var bin = 2 * (band + 1);
                double re = 0, im = 0;
                for (var j = 0; j < SpectrumFrame; j++)
                {
                    var x = samples[start + j] * window[j];
                    var k = bin * j % SpectrumFrame;
                    re += x * cos[k];
                    im -= x * sin[k];
                }
                bands[band] += Math.Sqrt(re * re + im * im);
            }
        }
        return bands.Select(m => Math.Log(1 + m)).ToArray();
    }

    private static double Correlation(double[] a, double[] b)
    {
        var n = Math.Min(a.Length, b.Length);
        var meanA = a.Take(n).Average();
        var meanB = b.Take(n).Average();
        double ab = 0, aa = 0, bb = 0;
        for (var i = 0; i < n; i++)
        {
            ab += (a[i] - meanA) * (b[i] - meanB);
            aa += (a[i] - meanA) * (a[i] - meanA);
            bb += (b[i] - meanB) * (b[i] - meanB);
        }
        return ab / Math.Sqrt(aa * bb);
    }
}
