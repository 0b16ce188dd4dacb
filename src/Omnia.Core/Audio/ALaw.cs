namespace Omnia.Audio;

/// <summary>G.711 A-law companding, bit-exact with the ITU-T G.191 reference (<c>alaw_compress</c>/<c>alaw_expand</c>).</summary>
/// <remarks>Linear samples are 16-bit; the codec keeps their top 13 bits. Decoding is a table lookup.</remarks>
public static class ALaw
{
    private static readonly short[] DecodeTable = BuildDecodeTable();

    public static byte Encode(short sample)
    {
        // The reference works on the one's complement of negative values, which keeps the code symmetric.
        int magnitude = sample < 0 ? ~sample >> 4 : sample >> 4;
        if (magnitude > 15)
        {
            var exponent = 1;
            while (magnitude > 16 + 15)
            {
                magnitude >>= 1;
                exponent++;
            }

            magnitude -= 16;
            magnitude += exponent << 4;
        }

        if (sample >= 0)
        {
            magnitude |= 0x80;
        }

        // Even bits are inverted on the wire (G.711's alternate digit inversion).
        return (byte)(magnitude ^ 0x55);
    }

    public static short Decode(byte code) => DecodeTable[code];

    public static void Encode(ReadOnlySpan<short> source, Span<byte> destination)
    {
        AudioSpans.EnsureFits(source.Length, destination.Length);
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = Encode(source[i]);
        }
    }

    public static void Decode(ReadOnlySpan<byte> source, Span<short> destination)
    {
        AudioSpans.EnsureFits(source.Length, destination.Length);
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = DecodeTable[source[i]];
        }
    }

    /// <summary>Encodes float samples in [-1, 1] (converted to 16-bit as <see cref="PcmConverter"/> does).</summary>
    public static void Encode(ReadOnlySpan<float> source, Span<byte> destination)
    {
        AudioSpans.EnsureFits(source.Length, destination.Length);
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = Encode(PcmConverter.ToPcm16(source[i]));
        }
    }

    public static void Decode(ReadOnlySpan<byte> source, Span<float> destination)
    {
        AudioSpans.EnsureFits(source.Length, destination.Length);
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = DecodeTable[source[i]] / 32768f;
        }
    }

    private static short[] BuildDecodeTable()
    {
        var table = new short[256];
        for (var code = 0; code < 256; code++)
        {
            var toggled = (code ^ 0x55) & 0x7F;
            var exponent = toggled >> 4;
            var mantissa = toggled & 0x0F;
            if (exponent > 0)
            {
                mantissa += 16;
            }

            mantissa = (mantissa << 4) + 8;
            if (exponent > 1)
            {
                mantissa <<= exponent - 1;
            }

            table[code] = (short)(code > 127 ? mantissa : -mantissa);
        }

        return table;
    }
}
