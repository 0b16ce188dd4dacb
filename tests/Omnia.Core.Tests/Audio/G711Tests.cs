using Omnia.Audio;

namespace Omnia.Core.Tests.Audio;

public class G711Tests
{
    // Entries of the G.711 expansion tables as printed in the ITU reference and every codec since (16-bit scale).
    [Theory]
    [InlineData(0x00, -32124)]
    [InlineData(0x7F, 0)]
    [InlineData(0x80, 32124)]
    [InlineData(0xF0, 120)]
    [InlineData(0xFE, 8)]
    [InlineData(0xFF, 0)]
    [InlineData(0x0F, -16764)]
    public void Mu_law_decodes_to_the_reference_values(int code, int expected) =>
        Assert.Equal(expected, MuLaw.Decode((byte)code));

    [Theory]
    [InlineData(0x00, -5504)]
    [InlineData(0x01, -5248)]
    [InlineData(0x55, -8)]
    [InlineData(0xD5, 8)]
    [InlineData(0xAA, 32256)]
    [InlineData(0x2A, -32256)]
    [InlineData(0x80, 5504)]
    public void A_law_decodes_to_the_reference_values(int code, int expected) =>
        Assert.Equal(expected, ALaw.Decode((byte)code));

    [Theory]
    [InlineData(0, 0xFF)]
    [InlineData(-1, 0x7F)]
    [InlineData(32767, 0x80)]
    [InlineData(-32768, 0x00)]
    [InlineData(1000, 0xCE)]
    public void Mu_law_encodes_to_the_reference_codes(int sample, int expected) =>
        Assert.Equal((byte)expected, MuLaw.Encode((short)sample));

    [Theory]
    [InlineData(0, 0xD5)]
    [InlineData(-1, 0x55)]
    [InlineData(32767, 0xAA)]
    [InlineData(-32768, 0x2A)]
    [InlineData(1000, 0xFA)]
    public void A_law_encodes_to_the_reference_codes(int sample, int expected) =>
        Assert.Equal((byte)expected, ALaw.Encode((short)sample));

    [Fact]
    public void Every_code_survives_decode_then_encode()
    {
        for (var code = 0; code < 256; code++)
        {
            Assert.Equal((byte)code, ALaw.Encode(ALaw.Decode((byte)code)));

            // μ-law has two zeros (0x7F and 0xFF); both decode to 0, which encodes as +0.
            var expected = code == 0x7F ? 0xFF : code;
            Assert.Equal((byte)expected, MuLaw.Encode(MuLaw.Decode((byte)code)));
        }
    }

    [Fact]
    public void Quantization_error_stays_within_half_a_step_and_encoding_is_monotonic()
    {
        byte previousMu = MuLaw.Encode(short.MinValue), previousA = ALaw.Encode(short.MinValue);
        for (int sample = short.MinValue; sample <= short.MaxValue; sample++)
        {
            var mu = MuLaw.Encode((short)sample);
            var a = ALaw.Encode((short)sample);

            // Relative error of a logarithmic quantizer: about 1/32 of the magnitude, plus the smallest step.
            var tolerance = (Math.Abs(sample) / 16.0) + 64;
            Assert.InRange(MuLaw.Decode(mu) - sample, -tolerance, tolerance);
            Assert.InRange(ALaw.Decode(a) - sample, -tolerance, tolerance);
            Assert.True(MuLaw.Decode(mu) >= MuLaw.Decode(previousMu));
            Assert.True(ALaw.Decode(a) >= ALaw.Decode(previousA));
            previousMu = mu;
            previousA = a;
        }
    }

    [Fact]
    public void Float_spans_encode_and_decode_through_16_bit()
    {
        var floats = new[] { 0f, 0.5f, -0.5f };
        var codes = new byte[3];
        MuLaw.Encode(floats, codes);
        var decoded = new float[3];
        MuLaw.Decode(codes, decoded);

        Assert.Equal(MuLaw.Encode((short)16384), codes[1]);
        Assert.Equal(0f, decoded[0]);
        Assert.InRange(decoded[1], 0.48f, 0.52f);
        Assert.InRange(decoded[2], -0.52f, -0.48f);
    }
}
