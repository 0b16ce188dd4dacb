using System.Buffers;

namespace Omnia.Engines.Onnx.Turns;

/// <summary>
/// Whisper's log-mel spectrogram of the last 8 s of 16 kHz audio, as Smart Turn v3 reads it: the numbers of
/// Hugging Face's <c>WhisperFeatureExtractor(chunk_length=8)</c> called with <c>do_normalize=True</c>.
/// </summary>
/// <remarks>
/// <para>The steps, each as the reference does it:</para>
/// <list type="number">
/// <item>Window: the last <see cref="WindowSamples"/> samples; a shorter utterance is zero-padded at the start, so
/// the newest audio always sits at the end. Samples that are not finite count as silence.</item>
/// <item>Waveform normalisation: (x − mean) / √(variance + 10⁻⁷) over the whole padded window.</item>
/// <item>Centred STFT: the window is reflect-padded by <see cref="FftSize"/>/2 on each side; frame t starts at
/// t·<see cref="HopLength"/>, is multiplied by a periodic Hann window of <see cref="FftSize"/> samples and
/// transformed; the power |X[k]|² of bins 0…200 is kept. The reference's 801st frame is dropped, leaving
/// <see cref="Frames"/>.</item>
/// <item>Mel: 80 triangular filters on the Slaney mel scale from 0 to 8 kHz, Slaney area-normalised (each filter is
/// scaled by 2 / its bandwidth in Hz), floored at 10⁻¹⁰, then log₁₀.</item>
/// <item>Dynamic range and scale: every value is raised to at least (the maximum − 8), then mapped by (x + 4) / 4.
/// Silence therefore reads (−10 + 4) / 4 = −1.5 everywhere.</item>
/// </list>
/// <para>
/// The output is row-major [<see cref="MelBins"/>, <see cref="Frames"/>] (mel bin major, time minor), the model's
/// <c>input_features</c> without its batch axis. Thread-safe: the tables are shared and immutable; each call rents
/// its own scratch.
/// </para>
/// </remarks>
internal static class WhisperLogMel
{
    public const int SampleRate = 16_000;
    public const int WindowSamples = 8 * SampleRate;
    public const int FftSize = 400;
    public const int HopLength = 160;
    public const int MelBins = 80;
    public const int Frames = WindowSamples / HopLength;
    public const int FeatureCount = MelBins * Frames;
    public const int FrequencyBins = FftSize / 2 + 1;

    private const double MelFloor = 1e-10;
    private const double VarianceEpsilon = 1e-7;

    // The Slaney (Auditory Toolbox) mel scale: linear below 1 kHz (3 mels per 200 Hz), logarithmic above.
    private const double LinearTopHertz = 1000;
    private const double LinearTopMel = 15;
    // Declared before the tables below: static fields initialise in textual order.
    private static readonly double LogStep = Math.Log(6.4) / 27;

    // A real frame of FftSize samples is transformed as a complex sequence of half the length (even samples real, odd
    // samples imaginary), then split into the real frame's spectrum with these twiddles e^(−2πik/FftSize).
    private static readonly MixedRadixFft HalfFft = new(FftSize / 2);
    private static readonly double[] SplitCos = Twiddles(Math.Cos);
    private static readonly double[] SplitSin = Twiddles(Math.Sin);
    private static readonly double[] HannWindow = PeriodicHann(FftSize);

    /// <summary>Gets the mel filterbank: for each mel bin, its first frequency bin and its non-zero weights.</summary>
    internal static IReadOnlyList<(int FirstBin, double[] Weights)> Filters { get; } = SlaneyFilters();

    /// <summary>Writes the features of the last 8 s of <paramref name="audio"/> (16 kHz mono) into <paramref name="features"/>.</summary>
    public static void Compute(ReadOnlySpan<float> audio, Span<float> features)
    {
        if (features.Length < FeatureCount)
        {
            throw new ArgumentException($"The features need {FeatureCount} values.", nameof(features));
        }
        const int pad = FftSize / 2;
        var padded = ArrayPool<double>.Shared.Rent(WindowSamples + 2 * pad);
        var scratch = ArrayPool<double>.Shared.Rent(2 * FftSize + FrequencyBins);
        try
        {
            var window = padded.AsSpan(pad, WindowSamples);
            FillWindow(audio, window);
            Normalise(window);
            for (var i = 1; i <= pad; i++)
            {
                padded[pad - i] = window[i];
                padded[pad + WindowSamples - 1 + i] = window[WindowSamples - 1 - i];
            }
            var maximum = LogMel(padded, scratch, features);
            var floor = maximum - 8;
            for (var i = 0; i < FeatureCount; i++)
            {
                features[i] = (float)((Math.Max(features[i], floor) + 4) / 4);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scratch);
            ArrayPool<double>.Shared.Return(padded);
        }
    }

    private static void FillWindow(ReadOnlySpan<float> audio, Span<double> window)
    {
        var tail = audio.Length > WindowSamples ? audio[^WindowSamples..] : audio;
        var start = WindowSamples - tail.Length;
        window[..start].Clear();
        for (var i = 0; i < tail.Length; i++)
        {
            window[start + i] = float.IsFinite(tail[i]) ? tail[i] : 0;
        }
    }

    private static void Normalise(Span<double> window)
    {
        var sum = 0.0;
        foreach (var x in window) sum += x;
        var mean = sum / window.Length;
        var squares = 0.0;
        foreach (var x in window) squares += (x - mean) * (x - mean);
        var scale = 1 / Math.Sqrt(squares / window.Length + VarianceEpsilon);
        for (var i = 0; i < window.Length; i++) window[i] = (window[i] - mean) * scale;
    }

    // Writes log10(max(mel, floor)) per [bin, frame] and returns the largest value.
    private static double LogMel(double[] padded, double[] scratch, Span<float> features)
    {
        var power = scratch.AsSpan(2 * FftSize, FrequencyBins);
        var maximum = double.NegativeInfinity;
        for (var t = 0; t < Frames; t++)
        {
            PowerSpectrum(padded.AsSpan(t * HopLength, FftSize), scratch, power);
            for (var m = 0; m < MelBins; m++)
            {
                var (first, weights) = Filters[m];
                var energy = 0.0;
                for (var j = 0; j < weights.Length; j++) energy += weights[j] * power[first + j];
                var log = Math.Log10(Math.Max(energy, MelFloor));
                features[m * Frames + t] = (float)log;
                maximum = Math.Max(maximum, log);
            }
        }
        return maximum;
    }

    /// <summary>|X[k]|², k = 0…FftSize/2, of the Hann-windowed <paramref name="frame"/>; <paramref name="scratch"/> holds 2·FftSize values.</summary>
    internal static void PowerSpectrum(ReadOnlySpan<double> frame, Span<double> scratch, Span<double> power)
    {
        const int half = FftSize / 2;
        var zRe = scratch[..half];
        var zIm = scratch.Slice(half, half);
        var spectrumRe = scratch.Slice(2 * half, half);
        var spectrumIm = scratch.Slice(3 * half, half);
        for (var n = 0; n < half; n++)
        {
            zRe[n] = frame[2 * n] * HannWindow[2 * n];
            zIm[n] = frame[2 * n + 1] * HannWindow[2 * n + 1];
        }
        HalfFft.Transform(zRe, zIm, spectrumRe, spectrumIm);

        // With Z the half-length transform: the even samples' transform is E = (Z[k] + conj Z[half−k]) / 2, the odd
        // samples' is O = (Z[k] − conj Z[half−k]) / 2i, and X[k] = E + e^(−2πik/FftSize)·O.
        for (var k = 0; k <= half; k++)
        {
            var a = k % half;
            var b = (half - k) % half;
            double zr = spectrumRe[a], zi = spectrumIm[a], cr = spectrumRe[b], ci = -spectrumIm[b];
            var evenRe = (zr + cr) / 2;
            var evenIm = (zi + ci) / 2;
            var oddRe = (zi - ci) / 2;
            var oddIm = -(zr - cr) / 2;
            var re = evenRe + SplitCos[k] * oddRe - SplitSin[k] * oddIm;
            var im = evenIm + SplitCos[k] * oddIm + SplitSin[k] * oddRe;
            power[k] = re * re + im * im;
        }
    }

    private static double[] Twiddles(Func<double, double> part) =>
        Enumerable.Range(0, FrequencyBins).Select(k => part(-2 * Math.PI * k / FftSize)).ToArray();

    private static double[] PeriodicHann(int length)
    {
        var window = new double[length];
        for (var i = 0; i < length; i++) window[i] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / length);
        return window;
    }

    private static (int FirstBin, double[] Weights)[] SlaneyFilters()
    {
        // MelBins + 2 edges evenly spaced in mels between 0 Hz and the Nyquist frequency; filter m rises from edge m to
        // edge m + 1 and falls to edge m + 2.
        var top = HertzToMel(SampleRate / 2.0);
        var edges = new double[MelBins + 2];
        for (var i = 0; i < edges.Length; i++) edges[i] = MelToHertz(top * i / (MelBins + 1));
        var filters = new (int, double[])[MelBins];
        for (var m = 0; m < MelBins; m++)
        {
            var area = 2 / (edges[m + 2] - edges[m]);
            var weights = new double[FrequencyBins];
            for (var k = 0; k < FrequencyBins; k++)
            {
                var hertz = (double)k * SampleRate / FftSize;
                var rising = (hertz - edges[m]) / (edges[m + 1] - edges[m]);
                var falling = (edges[m + 2] - hertz) / (edges[m + 2] - edges[m + 1]);
                weights[k] = Math.Max(0, Math.Min(rising, falling)) * area;
            }
            var first = Array.FindIndex(weights, w => w > 0);
            var last = Array.FindLastIndex(weights, w => w > 0);
            filters[m] = first < 0 ? (0, []) : (first, weights[first..(last + 1)]);
        }
        return filters;
    }

    internal static double HertzToMel(double hertz) =>
        hertz < LinearTopHertz ? 3 * hertz / 200 : LinearTopMel + Math.Log(hertz / LinearTopHertz) / LogStep;

    internal static double MelToHertz(double mel) =>
        mel < LinearTopMel ? 200 * mel / 3 : LinearTopHertz * Math.Exp(LogStep * (mel - LinearTopMel));
}
