using static Omnia.Tests.Protobuf;

namespace Omnia.Engines.Onnx.Tests;

/// <summary>Writes the smallest valid ONNX model, <c>y = Identity(x)</c> over a float vector, straight as protobuf bytes.</summary>
internal static class OnnxModelWriter
{
    private const int FloatElementType = 1;

    public static byte[] Identity(string inputName, string outputName, int length)
    {
        var node = Concat(Text(1, inputName), Text(2, outputName), Text(4, "Identity"));
        var graph = Concat(Message(1, node), Text(2, "identity"), Message(11, Value(inputName, length)), Message(12, Value(outputName, length)));
        var opset = Concat(Text(1, ""), Varint(2, 17));
        return Concat(Varint(1, 8), Text(2, "omnia-tests"), Message(7, graph), Message(8, opset));
    }

    private static byte[] Value(string name, int length)
    {
        var shape = Message(1, Varint(1, length));
        var tensor = Concat(Varint(1, FloatElementType), Message(2, shape));
        return Concat(Text(1, name), Message(2, Message(1, tensor)));
    }
}
