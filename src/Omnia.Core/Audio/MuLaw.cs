namespace Omnia.Audio;

/// <summary>G.711 μ-law companding, bit-exact with the ITU-T G.191 reference (<c>ulaw_compress</c>/<c>ulaw_expand</c>).</summary>
/// <remarks>Linear samples are 16-bit; the codec keeps their top 14 bits. Decoding is a table lookup.</remarks>
public static class MuLaw
{
    private static readonly short[] DecodeTable = BuildDecodeTable();

    public static byte Encode(short sample)
    {
        // The reference works on the one's complement of negative values, which keeps the code symmetric.
        int magnitude = sample < 0 ? ~sample >> 2 : sample >> 2;
        magnitude = Math.Min(magnitude + 33, 0x1FFF);
        var segment = 1;
        for (var i = magnitude >> 6; i != 0; i >>= 1)
        {
            segment++;
        }

        var high = 8 - segment;
        var low = 0x0F - ((magnitude >> segment) & 0x0F);
        var code = (high << 4) | low;
        return (byte)(sample >= 0 ? code | 0x80 : code);
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
            var complement = ~code;
            var exponent = (complement >> 4) & 0x07;
            var mantissa = complement & 0x0F;
            var step = 4 << (exponent + 1);
            var magnitude = (0x80 << exponent) + (step * mantissa) + (step / 2) - (4 * 33);
            table[code] = (short)(code < 0x80 ? -magnitude : magnitude);
        }

        return table;
    }
}
