using Omnia.Engines.Onnx.Turns;

namespace Omnia.Engines.Onnx.Tests.Turns;

public sealed class MixedRadixFftTests
{
    [Theory]
    [InlineData(400)]
    [InlineData(200)]
    [InlineData(12)]
    [InlineData(7)]
    [InlineData(1)]
    public void The_transform_equals_the_direct_dft(int length)
    {
        var random = new Random(length);
        var re = Enumerable.Range(0, length).Select(_ => random.NextDouble() - 0.5).ToArray();
        var im = Enumerable.Range(0, length).Select(_ => random.NextDouble() - 0.5).ToArray();
        var outRe = new double[length];
        var outIm = new double[length];

        new MixedRadixFft(length).Transform(re, im, outRe, outIm);

        for (var k = 0; k < length; k++)
        {
            double sumRe = 0, sumIm = 0;
            for (var n = 0; n < length; n++)
            {
                var angle = -2 * Math.PI * n * k / length;
                sumRe += re[n] * Math.Cos(angle) - im[n] * Math.Sin(angle);
                sumIm += re[n] * Math.Sin(angle) + im[n] * Math.Cos(angle);
            }
            Assert.Equal(sumRe, outRe[k], 9);
            Assert.Equal(sumIm, outIm[k], 9);
        }
    }
}
