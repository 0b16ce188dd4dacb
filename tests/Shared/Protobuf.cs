using System.Text;

namespace Omnia.Tests;

/// <summary>The protobuf wire encoding, enough to write ONNX models by hand.</summary>
internal static class Protobuf
{
    public static byte[] Varint(int field, long value) => Concat(Key(field, 0), Encode((ulong)value));

    public static byte[] Text(int field, string value) => Message(field, Encoding.UTF8.GetBytes(value));

    public static byte[] Message(int field, byte[] body) => Concat(Key(field, 2), Encode((ulong)body.Length), body);

    public static byte[] Fixed32(int field, float value) => Concat(Key(field, 5), BitConverter.GetBytes(value));

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    private static byte[] Key(int field, int wireType) => Encode((ulong)((field << 3) | wireType));

    private static byte[] Encode(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var low = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? low : (byte)(low | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }
}
