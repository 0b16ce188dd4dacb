using System.Buffers.Binary;

namespace Omnia.Gguf;

/// <summary>Encodes rows of floats into ggml's tensor data formats and decodes them back.</summary>
/// <remarks>
/// The quantized formats are ggml's reference ones: a Q4_0 block is 32 weights as an fp16 scale and 16 bytes of
/// nibbles (weight j in the low nibble of byte j, weight j+16 in its high nibble, both offset by 8); a Q8_0 block
/// is an fp16 scale and 32 signed bytes. Rows of the quantized types must be a whole number of blocks.
/// </remarks>
public static class GgmlRowCodec
{
    /// <summary>Weights per quantization block.</summary>
    public const int QuantBlockSize = 32;

    private const int Q4BlockBytes = 2 + (QuantBlockSize / 2);
    private const int Q8BlockBytes = 2 + QuantBlockSize;

    /// <summary>How many elements a row of <paramref name="type"/> must be a multiple of.</summary>
    public static int ElementsPerBlock(GgmlType type) => type switch
    {
        GgmlType.F32 or GgmlType.F16 => 1,
        GgmlType.Q4_0 or GgmlType.Q8_0 => QuantBlockSize,
        _ => throw UnknownType(type),
    };

    /// <summary>The bytes a row of <paramref name="elements"/> values takes in <paramref name="type"/>.</summary>
    public static long RowByteCount(GgmlType type, long elements)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(elements);
        var block = ElementsPerBlock(type);
        if (elements % block != 0)
        {
            throw new ArgumentException(
                $"A {type} row must be a multiple of {block} elements; got {elements}.", nameof(elements));
        }

        return type switch
        {
            GgmlType.F32 => elements * 4,
            GgmlType.F16 => elements * 2,
            GgmlType.Q4_0 => elements / QuantBlockSize * Q4BlockBytes,
            GgmlType.Q8_0 => elements / QuantBlockSize * Q8BlockBytes,
            _ => throw UnknownType(type),
        };
    }

    /// <summary>Encodes <paramref name="row"/> into <paramref name="destination"/>, which must be exactly the row's size.</summary>
    public static void Encode(GgmlType type, ReadOnlySpan<float> row, Span<byte> destination)
    {
        CheckSizes(type, row.Length, destination.Length);
        switch (type)
        {
            case GgmlType.F32:
                for (var i = 0; i < row.Length; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(destination[(i * 4)..], row[i]);
                }

                break;
            case GgmlType.F16:
                for (var i = 0; i < row.Length; i++)
                {
                    BinaryPrimitives.WriteHalfLittleEndian(destination[(i * 2)..], (Half)row[i]);
                }

                break;
            case GgmlType.Q4_0:
                for (var b = 0; b < row.Length / QuantBlockSize; b++)
                {
                    EncodeQ4Block(row.Slice(b * QuantBlockSize, QuantBlockSize), destination.Slice(b * Q4BlockBytes, Q4BlockBytes));
                }

                break;
            case GgmlType.Q8_0:
                for (var b = 0; b < row.Length / QuantBlockSize; b++)
                {
                    EncodeQ8Block(row.Slice(b * QuantBlockSize, QuantBlockSize), destination.Slice(b * Q8BlockBytes, Q8BlockBytes));
                }

                break;
            default:
                throw UnknownType(type);
        }
    }

    /// <summary>Decodes <paramref name="source"/> (exactly one row's bytes) into <paramref name="row"/>.</summary>
    public static void Decode(GgmlType type, ReadOnlySpan<byte> source, Span<float> row)
    {
        CheckSizes(type, row.Length, source.Length);
        switch (type)
        {
            case GgmlType.F32:
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(i * 4)..]);
                }

                break;
            case GgmlType.F16:
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(source[(i * 2)..]);
                }

                break;
            case GgmlType.Q4_0:
                for (var b = 0; b < row.Length / QuantBlockSize; b++)
                {
                    var block = source.Slice(b * Q4BlockBytes, Q4BlockBytes);
                    var scale = (float)BinaryPrimitives.ReadHalfLittleEndian(block);
                    var weights = row.Slice(b * QuantBlockSize, QuantBlockSize);
                    for (var j = 0; j < QuantBlockSize / 2; j++)
                    {
                        weights[j] = ((block[2 + j] & 0x0F) - 8) * scale;
                        weights[j + (QuantBlockSize / 2)] = ((block[2 + j] >> 4) - 8) * scale;
                    }
                }

                break;
            case GgmlType.Q8_0:
                for (var b = 0; b < row.Length / QuantBlockSize; b++)
                {
                    var block = source.Slice(b * Q8BlockBytes, Q8BlockBytes);
                    var scale = (float)BinaryPrimitives.ReadHalfLittleEndian(block);
                    for (var j = 0; j < QuantBlockSize; j++)
                    {
                        row[(b * QuantBlockSize) + j] = (sbyte)block[2 + j] * scale;
                    }
                }

                break;
            default:
                throw UnknownType(type);
        }
    }

    private static void EncodeQ4Block(ReadOnlySpan<float> x, Span<byte> block)
    {
        // The signed value of largest magnitude maps to -8, so the full nibble range 0..15 is used.
        var absMax = 0f;
        var signedMax = 0f;
        foreach (var v in x)
        {
            if (MathF.Abs(v) > absMax)
            {
                absMax = MathF.Abs(v);
                signedMax = v;
            }
        }

        var scale = signedMax / -8f;
        var inverse = scale != 0f ? 1f / scale : 0f;
        BinaryPrimitives.WriteHalfLittleEndian(block, (Half)scale);
        for (var j = 0; j < QuantBlockSize / 2; j++)
        {
            var low = Math.Min(15, (int)((x[j] * inverse) + 8.5f));
            var high = Math.Min(15, (int)((x[j + (QuantBlockSize / 2)] * inverse) + 8.5f));
            block[2 + j] = (byte)(low | (high << 4));
        }
    }

    private static void EncodeQ8Block(ReadOnlySpan<float> x, Span<byte> block)
    {
        var absMax = 0f;
        foreach (var v in x)
        {
            absMax = MathF.Max(absMax, MathF.Abs(v));
        }

        var scale = absMax / 127f;
        var inverse = scale != 0f ? 1f / scale : 0f;
        BinaryPrimitives.WriteHalfLittleEndian(block, (Half)scale);
        for (var j = 0; j < QuantBlockSize; j++)
        {
            block[2 + j] = (byte)(sbyte)MathF.Round(x[j] * inverse, MidpointRounding.AwayFromZero);
        }
    }

    private static void CheckSizes(GgmlType type, int elements, int bytes)
    {
        var expected = RowByteCount(type, elements);
        if (bytes != expected)
        {
            throw new ArgumentException(
                $"A {type} row of {elements} elements takes {expected} bytes; the buffer has {bytes}.");
        }
    }

    private static ArgumentOutOfRangeException UnknownType(GgmlType type) =>
        new(nameof(type), type, "Only F32, F16, Q4_0 and Q8_0 tensor data are supported.");
}
