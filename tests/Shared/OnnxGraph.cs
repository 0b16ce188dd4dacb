using static Omnia.Tests.Protobuf;

namespace Omnia.Tests;

/// <summary>Builds a small ONNX graph — typed inputs and outputs with symbolic dimensions, constants and nodes — as protobuf bytes.</summary>
internal sealed class OnnxGraph
{
    public const int Float = 1;
    public const int Int64 = 7;

    private readonly List<byte[]> nodes = [];
    private readonly List<byte[]> initializers = [];
    private readonly List<byte[]> inputs = [];
    private readonly List<byte[]> outputs = [];

    /// <summary>A graph input; a dimension is a number or a symbolic name.</summary>
    public OnnxGraph Input(string name, int elementType, params object[] dimensions)
    {
        inputs.Add(Value(name, elementType, dimensions));
        return this;
    }

    public OnnxGraph Output(string name, int elementType, params object[] dimensions)
    {
        outputs.Add(Value(name, elementType, dimensions));
        return this;
    }

    /// <summary>A float scalar constant.</summary>
    public OnnxGraph Constant(string name, float value)
    {
        initializers.Add(Concat(Varint(2, Float), Text(8, name), Message(9, BitConverter.GetBytes(value))));
        return this;
    }

    /// <summary>A float vector constant.</summary>
    public OnnxGraph Constant(string name, float[] values)
    {
        initializers.Add(Concat(Varint(1, values.Length), Varint(2, Float), Text(8, name), Message(9, values.SelectMany(BitConverter.GetBytes).ToArray())));
        return this;
    }

    /// <summary>An int64 constant: a scalar, or a vector when <paramref name="vector"/> is set.</summary>
    public OnnxGraph Constant(string name, long[] values, bool vector = true)
    {
        var dims = vector ? Varint(1, values.Length) : [];
        initializers.Add(Concat(dims, Varint(2, Int64), Text(8, name), Message(9, values.SelectMany(BitConverter.GetBytes).ToArray())));
        return this;
    }

    /// <summary>A node; attributes are integers (ONNX INT attributes).</summary>
    public OnnxGraph Node(string op, string[] nodeInputs, string output, params (string Name, long Value)[] attributes)
    {
        var parts = nodeInputs.Select(i => Text(1, i)).Append(Text(2, output)).Append(Text(3, output + "_node")).Append(Text(4, op))
            .Concat(attributes.Select(a => Message(5, Concat(Text(1, a.Name), Varint(3, a.Value), Varint(20, 2)))));
        nodes.Add(Concat([.. parts]));
        return this;
    }

    public byte[] ToModel()
    {
        var graph = Concat([.. nodes.Select(n => Message(1, n)), Text(2, "piper-test"), .. initializers.Select(i => Message(5, i)),
            .. inputs.Select(i => Message(11, i)), .. outputs.Select(o => Message(12, o))]);
        var opset = Concat(Text(1, ""), Varint(2, 17));
        return Concat(Varint(1, 8), Text(2, "omnia-tests"), Message(7, graph), Message(8, opset));
    }

    private static byte[] Value(string name, int elementType, object[] dimensions)
    {
        var shape = Concat([.. dimensions.Select(d => Message(1, d is string symbol ? Text(2, symbol) : Varint(1, Convert.ToInt64(d, System.Globalization.CultureInfo.InvariantCulture))))]);
        var tensor = Concat(Varint(1, elementType), Message(2, shape));
        return Concat(Text(1, name), Message(2, Message(1, tensor)));
    }
}
