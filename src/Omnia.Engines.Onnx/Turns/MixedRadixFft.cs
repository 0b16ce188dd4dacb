namespace Omnia.Engines.Onnx.Turns;

/// <summary>
/// A complex discrete Fourier transform of one fixed length whose prime factors are small (Whisper's 400-point frame
/// is 2⁴·5²), by recursive decimation-in-time Cooley–Tukey: X[k] = Σₙ x[n]·e^(−2πi·nk/N).
/// </summary>
/// <remarks>
/// Each level splits a transform of length p·m into p interleaved transforms of length m and combines them with a
/// p-point butterfly on twiddled inputs, so a transform costs N·Σp complex multiply-adds. Immutable after construction,
/// so one instance serves every thread; callers pass their own buffers.
/// </remarks>
internal sealed class MixedRadixFft
{
    private readonly int[] _factors;
    private readonly double[] _cos;
    private readonly double[] _sin;

    public MixedRadixFft(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        Length = length;
        _factors = Factor(length);
        _cos = new double[length];
        _sin = new double[length];
        for (var j = 0; j < length; j++)
        {
            var angle = -2 * Math.PI * j / length;
            _cos[j] = Math.Cos(angle);
            _sin[j] = Math.Sin(angle);
        }
    }

    public int Length { get; }

    /// <summary>Transforms (<paramref name="inRe"/>, <paramref name="inIm"/>) into (<paramref name="outRe"/>, <paramref name="outIm"/>); the spans must not overlap.</summary>
    public void Transform(ReadOnlySpan<double> inRe, ReadOnlySpan<double> inIm, Span<double> outRe, Span<double> outIm)
    {
        if (inRe.Length < Length || inIm.Length < Length || outRe.Length < Length || outIm.Length < Length)
        {
            throw new ArgumentException($"Every buffer must hold {Length} values.");
        }
        Work(inRe, inIm, 0, 1, outRe[..Length], outIm[..Length], 0);
    }

    // Transforms the sub-sequence in[offset + j·stride] (length = outRe.Length) into out.
    private void Work(ReadOnlySpan<double> inRe, ReadOnlySpan<double> inIm, int offset, int stride,
        Span<double> outRe, Span<double> outIm, int level)
    {
        var n = outRe.Length;
        if (n == 1)
        {
            outRe[0] = inRe[offset];
            outIm[0] = inIm[offset];
            return;
        }
        var p = _factors[level];
        var m = n / p;
        if (m == 1)
        {
            // The last level's sub-transforms have length 1: they are the inputs themselves.
            for (var q = 0; q < p; q++)
            {
                outRe[q] = inRe[offset + q * stride];
                outIm[q] = inIm[offset + q * stride];
            }
        }
        else
        {
            for (var q = 0; q < p; q++)
            {
                Work(inRe, inIm, offset + q * stride, stride * p, outRe.Slice(q * m, m), outIm.Slice(q * m, m), level + 1);
            }
        }

        // out[u + q₁·m] = Σ_q out[u + q·m] · w^(q·(u + q₁·m)·stride), with w = e^(−2πi/N) and N = n·stride.
        Span<double> re = stackalloc double[p];
        Span<double> im = stackalloc double[p];
        for (var u = 0; u < m; u++)
        {
            for (var q = 0; q < p; q++)
            {
                re[q] = outRe[u + q * m];
                im[q] = outIm[u + q * m];
            }
            for (var q1 = 0; q1 < p; q1++)
            {
                var k = u + q1 * m;
                var step = k * stride % Length;
                var twiddle = 0;
                double sumRe = re[0], sumIm = im[0];
                for (var q = 1; q < p; q++)
                {
                    twiddle += step;
                    if (twiddle >= Length) twiddle -= Length;
                    sumRe += re[q] * _cos[twiddle] - im[q] * _sin[twiddle];
                    sumIm += re[q] * _sin[twiddle] + im[q] * _cos[twiddle];
                }
                outRe[k] = sumRe;
                outIm[k] = sumIm;
            }
        }
    }

    // Fours first (fewer levels than twos), then the remaining primes; a large prime factor only makes it slow.
    private static int[] Factor(int length)
    {
        var factors = new List<int>();
        var rest = length;
        while (rest % 4 == 0) { factors.Add(4); rest /= 4; }
        for (var p = 2; rest > 1; p++)
        {
            while (rest % p == 0) { factors.Add(p); rest /= p; }
        }
        return [.. factors];
    }
}
