using System.Numerics;

namespace Omnia.Audio;

/// <summary>Band-limited sample-rate conversion by a polyphase windowed-sinc (Kaiser) filter, one-shot or streaming.</summary>
/// <remarks>
/// <para>
/// The ratio is reduced to <c>up/down</c> and one filter phase is precomputed per output position. The passband
/// reaches 90 % of the lower rate's Nyquist frequency; the stopband starts at that Nyquist frequency and is
/// attenuated by about 90 dB, so downsampling does not alias and upsampling leaves no images. Pairs whose reduced
/// ratio needs more than 1024 phases (odd rates such as 44056 Hz), or whose filter table would hold more than
/// 2^20 coefficients (4 MiB: a ratio beyond about 1:9000, such as a header declaring 2 GHz), are refused;
/// <see cref="CanConvert"/> tells. So the filter's size and design time are bounded whatever rates are asked for.
/// </para>
/// <para>
/// Streaming: call <see cref="Process(ReadOnlySpan{float}, Span{float})"/> with chunks of any size, then
/// <see cref="Flush(Span{float})"/> once at the end. The state carries across calls, so the concatenated output is
/// identical to converting everything at once and has <c>ceil(inputFrames × outputRate / inputRate)</c> frames.
/// Output frame n is aligned with input time <c>n / outputRate</c> (no delay is added); the price is that each call
/// holds back about half a filter length (a few milliseconds) of input until more arrives or the stream is flushed.
/// After the first call no memory is allocated unless a larger chunk arrives. Not thread-safe: use one instance per stream.
/// </para>
/// </remarks>
public sealed class Resampler
{
    private const double StopbandAttenuationDb = 90;

    // Both as fractions of the lower of the two rates: the transition band runs from 0.45 to 0.5 (its Nyquist).
    private const double TransitionWidth = 0.05;
    private const double Cutoff = 0.475;

    // Covers every pair of the usual rates (8 kHz … 192 kHz; 16 kHz → 44.1 kHz needs 441) while bounding the
    // table's size and design time for odd rates.
    private const int MaxPhases = 1024;

    // The filter table's size (phases × taps): 4 MiB, designed in tens of milliseconds. 44.1 kHz → 16 kHz needs 51k.
    private const long MaxCoefficients = 1 << 20;

    private readonly int _up;
    private readonly int _down;
    private readonly int _taps;
    private readonly int _half;
    private readonly float[] _coefficients;
    private float[] _history = [];
    private int _historyFrames;
    private long _historyStart;
    private long _inputFrames;
    private long _outputFrames;
    private bool _flushed;

    public Resampler(int inputRate, int outputRate, int channels = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        InputRate = inputRate;
        OutputRate = outputRate;
        Channels = channels;
        (_up, _down) = Ratio(inputRate, outputRate);
        if (Unsupported(inputRate, outputRate) is { } reason)
        {
            throw new ArgumentException(reason, nameof(outputRate));
        }

        if (inputRate == outputRate)
        {
            _coefficients = [];
            return;
        }

        _half = HalfLength(inputRate, outputRate);
        _taps = 2 * _half;
        var lowerRateInInputUnits = (double)Math.Min(inputRate, outputRate) / inputRate;
        _coefficients = DesignPhases(_up, _half, Cutoff * lowerRateInInputUnits, KaiserBeta(StopbandAttenuationDb));
        Reset();
    }

    public int InputRate { get; }

    public int OutputRate { get; }

    public int Channels { get; }

    /// <summary>Whether this resampler handles the pair: true for all the usual rates, false for odd ones such as 44056 Hz.</summary>
    public static bool CanConvert(int inputRate, int outputRate) =>
        inputRate > 0 && outputRate > 0 && Unsupported(inputRate, outputRate) is null;

    /// <summary>Converts a whole buffer in one call (a fresh resampler, processed and flushed).</summary>
    public static float[] Resample(ReadOnlySpan<float> interleaved, int inputRate, int outputRate, int channels = 1)
    {
        var resampler = new Resampler(inputRate, outputRate, channels);
        var output = new float[resampler.GetOutputCapacity(interleaved.Length)];
        var written = resampler.Process(interleaved, output);
        written += resampler.Flush(output.AsSpan(written));
        return output.AsSpan(0, written).ToArray();
    }

    /// <summary>Output samples that one <see cref="Process(ReadOnlySpan{float}, Span{float})"/> of this many input samples,
    /// or a <see cref="Flush(Span{float})"/>, can produce at most.</summary>
    public int GetOutputCapacity(int inputSamples)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputSamples);
        if (_up == _down)
        {
            return inputSamples;
        }

        var frames = (long)(inputSamples / Channels) + _half;
        return checked((int)(((frames * _up / _down) + 2) * Channels));
    }

    /// <summary>Feeds interleaved input (whole frames) and writes the output frames that are now complete.</summary>
    /// <returns>The number of samples written to <paramref name="output"/>.</returns>
    public int Process(ReadOnlySpan<float> input, Span<float> output)
    {
        if (_flushed)
        {
            throw new InvalidOperationException("The resampler has been flushed; call Reset to start a new stream.");
        }

        if (input.Length % Channels != 0)
        {
            throw new ArgumentException($"{input.Length} samples are not whole frames of {Channels} channels.", nameof(input));
        }

        if (_up == _down)
        {
            AudioSpans.EnsureFits(input.Length, output.Length);
            input.CopyTo(output);
            return input.Length;
        }

        Append(input);
        _inputFrames += input.Length / Channels;
        return Produce(output, _inputFrames, long.MaxValue);
    }

    /// <summary>Ends the stream: writes the output frames still held back. Call <see cref="Reset"/> to reuse the instance.</summary>
    public int Flush(Span<float> output)
    {
        if (_flushed)
        {
            return 0;
        }

        _flushed = true;
        if (_up == _down)
        {
            return 0;
        }

        // The input is followed by silence; emit exactly ceil(inputFrames × up / down) frames in all.
        Span<float> silence = stackalloc float[Channels];
        for (var i = 0; i < _half; i++)
        {
            Append(silence);
        }

        var total = ((_inputFrames * _up) + _down - 1) / _down;
        return Produce(output, _inputFrames + _half, total);
    }

    /// <summary>Feeds input and returns the output produced, in a new array.</summary>
    public float[] Process(ReadOnlySpan<float> input)
    {
        var output = new float[GetOutputCapacity(input.Length)];
        return output.AsSpan(0, Process(input, output)).ToArray();
    }

    /// <summary>Ends the stream and returns the output still held back, in a new array.</summary>
    public float[] Flush()
    {
        var output = new float[GetOutputCapacity(0)];
        return output.AsSpan(0, Flush(output)).ToArray();
    }

    /// <summary>Forgets all input, ready for a new stream.</summary>
    public void Reset()
    {
        _flushed = false;
        _inputFrames = 0;
        _outputFrames = 0;

        // Silence before the first frame, so the first output sees a full filter span.
        _historyStart = -(_half - 1);
        _historyFrames = 0;
        Span<float> silence = stackalloc float[Channels];
        for (var i = 0; i < _half - 1; i++)
        {
            Append(silence);
        }
    }

    private void Append(ReadOnlySpan<float> input)
    {
        var needed = (_historyFrames * Channels) + input.Length;
        if (_history.Length < needed)
        {
            var grown = new float[Math.Max(needed, (_taps + 1024) * Channels)];
            _history.AsSpan(0, _historyFrames * Channels).CopyTo(grown);
            _history = grown;
        }

        input.CopyTo(_history.AsSpan(_historyFrames * Channels));
        _historyFrames += input.Length / Channels;
    }

    /// <summary>Computes output frames while their filter span lies below <paramref name="availableFrames"/>.</summary>
    private int Produce(Span<float> output, long availableFrames, long totalOutputFrames)
    {
        // Output n needs input frames up to floor(n × down / up) + half, which must be below availableFrames.
        var reachable = availableFrames - _half <= 0 ? 0 : (((availableFrames - _half) * _up) + _down - 1) / _down;
        var count = Math.Max(0, Math.Min(reachable, totalOutputFrames) - _outputFrames);
        AudioSpans.EnsureFits(checked((int)(count * Channels)), output.Length);

        var history = _history.AsSpan(0, _historyFrames * Channels);
        for (var k = 0; k < count; k++)
        {
            var position = _outputFrames * _down;
            var phase = (int)(position % _up);
            var first = (int)((position / _up) - (_half - 1) - _historyStart);
            var coefficients = _coefficients.AsSpan(phase * _taps, _taps);
            if (Channels == 1)
            {
                output[k] = Dot(coefficients, history.Slice(first, _taps));
            }
            else
            {
                for (var channel = 0; channel < Channels; channel++)
                {
                    var sum = 0f;
                    var index = (first * Channels) + channel;
                    foreach (var coefficient in coefficients)
                    {
                        sum += coefficient * history[index];
                        index += Channels;
                    }

                    output[(k * Channels) + channel] = sum;
                }
            }

            _outputFrames++;
        }

        DiscardConsumedHistory();
        return (int)count * Channels;
    }

    private void DiscardConsumedHistory()
    {
        var keepFrom = (_outputFrames * _down / _up) - (_half - 1);
        var drop = (int)Math.Min(keepFrom - _historyStart, _historyFrames);
        if (drop <= 0)
        {
            return;
        }

        _history.AsSpan(drop * Channels, (_historyFrames - drop) * Channels).CopyTo(_history);
        _historyFrames -= drop;
        _historyStart += drop;
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var width = Vector<float>.Count;
        var accumulator = Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - width; i += width)
        {
            accumulator += new Vector<float>(a[i..]) * new Vector<float>(b[i..]);
        }

        var sum = Vector.Sum(accumulator);
        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>One row of <paramref name="half"/> × 2 taps per phase; each row sums to 1 so DC passes unchanged.</summary>
    private static float[] DesignPhases(int phases, int half, double cutoff, double beta)
    {
        var taps = 2 * half;
        var coefficients = new float[phases * taps];
        var row = new double[taps];
        var besselBeta = BesselI0(beta);
        for (var phase = 0; phase < phases; phase++)
        {
            var fraction = (double)phase / phases;
            var sum = 0.0;
            for (var i = 0; i < taps; i++)
            {
                // Distance in input samples from the output instant to tap i.
                var t = fraction + half - 1 - i;
                var x = t / half;
                var window = BesselI0(beta * Math.Sqrt(Math.Max(0, 1 - (x * x)))) / besselBeta;
                row[i] = 2 * cutoff * Sinc(2 * cutoff * t) * window;
                sum += row[i];
            }

            for (var i = 0; i < taps; i++)
            {
                coefficients[(phase * taps) + i] = (float)(row[i] / sum);
            }
        }

        return coefficients;
    }

    /// <summary>Why the pair is refused (too many phases, or too large a filter), or null when it is supported.</summary>
    private static string? Unsupported(int inputRate, int outputRate)
    {
        var up = Ratio(inputRate, outputRate).Up;
        if (up > MaxPhases)
        {
            return $"Converting {inputRate} Hz to {outputRate} Hz needs {up} filter phases; at most {MaxPhases} are supported.";
        }

        var coefficients = inputRate == outputRate ? 0 : (long)up * 2 * HalfLength(inputRate, outputRate);
        return coefficients > MaxCoefficients
            ? $"Converting {inputRate} Hz to {outputRate} Hz needs a filter of {coefficients} coefficients; at most {MaxCoefficients} are supported."
            : null;
    }

    /// <summary>Half the filter length in input samples: Kaiser's estimate for the attenuation and transition width.</summary>
    private static int HalfLength(int inputRate, int outputRate)
    {
        var lowerRateInInputUnits = (double)Math.Min(inputRate, outputRate) / inputRate;
        var transition = TransitionWidth * lowerRateInInputUnits;
        var length = (StopbandAttenuationDb - 7.95) / (2.285 * 2 * Math.PI * transition);
        return (int)Math.Min(Math.Ceiling(length / 2), int.MaxValue / 4);
    }

    private static (int Up, int Down) Ratio(int inputRate, int outputRate)
    {
        var divisor = (int)BigInteger.GreatestCommonDivisor(inputRate, outputRate);
        return (outputRate / divisor, inputRate / divisor);
    }

    private static double Sinc(double x) => x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);

    private static double KaiserBeta(double attenuationDb) => 0.1102 * (attenuationDb - 8.7);

    /// <summary>The zeroth-order modified Bessel function of the first kind, by its power series.</summary>
    private static double BesselI0(double x)
    {
        var sum = 1.0;
        var term = 1.0;
        var halfX = x / 2;
        for (var k = 1; k < 50; k++)
        {
            term *= halfX / k;
            sum += term * term;
            if (term * term < sum * 1e-17)
            {
                break;
            }
        }

        return sum;
    }
}
