namespace Omnia.Gguf.Tests;

public class GgmlRowCodecTests
{
    [Fact]
    public void Q4_0_block_layout_is_an_fp16_scale_then_low_and_high_nibbles()
    {
        // Weight j (and j+16) is (j % 16 - 8) * 0.5: the largest magnitude is -4, so the scale is -4 / -8 = 0.5
        // and each weight's nibble is its value / 0.5 + 8 = j % 16.
        var row = Enumerable.Range(0, 32).Select(j => ((j % 16) - 8) * 0.5f).ToArray();
        var block = new byte[GgmlRowCodec.RowByteCount(GgmlType.Q4_0, 32)];

        GgmlRowCodec.Encode(GgmlType.Q4_0, row, block);

        Assert.Equal(18, block.Length);
        Assert.Equal(BitConverter.HalfToUInt16Bits((Half)0.5f), BitConverter.ToUInt16(block, 0));
        for (var j = 0; j < 16; j++)
        {
            Assert.Equal((byte)(j | (j << 4)), block[2 + j]);
        }
    }

    [Fact]
    public void Q8_0_block_is_an_fp16_scale_then_32_signed_bytes()
    {
        var row = Enumerable.Range(0, 32).Select(j => (j - 16) / 16f * 2.54f).ToArray();
        var block = new byte[GgmlRowCodec.RowByteCount(GgmlType.Q8_0, 32)];

        GgmlRowCodec.Encode(GgmlType.Q8_0, row, block);

        Assert.Equal(34, block.Length);
        Assert.Equal((float)(Half)(2.54f / 127f), (float)BitConverter.ToHalf(block, 0));
        Assert.Equal(-127, (sbyte)block[2]); // -2.54 is the largest magnitude
        Assert.Equal(0, (sbyte)block[2 + 16]);
    }

    // Q8_0 is symmetric (±127), so every weight is within half a step. Q4_0's codes are -8..7 with the largest
    // magnitude at -8, so a weight near the opposite extreme is clamped to 7 and can be off by a whole step.
    [Theory]
    [InlineData(GgmlType.Q4_0, 8, 1.0f)]
    [InlineData(GgmlType.Q8_0, 127, 0.5f)]
    public void Quantized_round_trip_stays_within_the_formats_step_bound(GgmlType type, int levels, float steps)
    {
        var random = new Random(7);
        var row = Enumerable.Range(0, 32 * 64).Select(_ => (float)((random.NextDouble() * 2) - 1) * 3f).ToArray();
        var encoded = new byte[GgmlRowCodec.RowByteCount(type, row.Length)];
        var decoded = new float[row.Length];

        GgmlRowCodec.Encode(type, row, encoded);
        GgmlRowCodec.Decode(type, encoded, decoded);

        for (var b = 0; b < row.Length / 32; b++)
        {
            var block = row.AsSpan(b * 32, 32).ToArray();
            var step = block.Max(MathF.Abs) / levels;
            for (var j = 0; j < 32; j++)
            {
                // The format's bound, plus the fp16 rounding of the scale over the largest code.
                Assert.InRange(MathF.Abs(decoded[(b * 32) + j] - block[j]), 0f, (step * steps) + (step * levels / 1024f));
            }
        }
    }

    [Fact]
    public void F16_and_F32_round_trip_representable_values_exactly()
    {
        float[] row = [0f, 1f, -2.5f, 65504f, 0.000061035156f, -0.125f];
        foreach (var type in new[] { GgmlType.F16, GgmlType.F32 })
        {
            var encoded = new byte[GgmlRowCodec.RowByteCount(type, row.Length)];
            var decoded = new float[row.Length];
            GgmlRowCodec.Encode(type, row, encoded);
            GgmlRowCodec.Decode(type, encoded, decoded);
            Assert.Equal(row, decoded);
        }
    }

    [Fact]
    public void A_quantized_row_that_is_not_whole_blocks_is_refused_with_the_block_size()
    {
        var error = Assert.Throws<ArgumentException>(() => GgmlRowCodec.RowByteCount(GgmlType.Q4_0, 33));
        Assert.Contains("multiple of 32", error.Message, StringComparison.Ordinal);
    }
}
