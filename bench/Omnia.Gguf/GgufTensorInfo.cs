namespace Omnia.Gguf;

/// <summary>A tensor's entry in a GGUF file's header.</summary>
/// <param name="Name">The tensor's name, e.g. <c>blk.0.attn_q.weight</c>.</param>
/// <param name="Type">The data type of its elements.</param>
/// <param name="Shape">ggml's order: <c>Shape[0]</c> is the row length (a PyTorch <c>[out, in]</c> matrix is <c>[in, out]</c>).</param>
/// <param name="Offset">Where its data starts, relative to the start of the file's data section.</param>
public sealed record GgufTensorInfo(string Name, GgmlType Type, IReadOnlyList<long> Shape, long Offset)
{
    /// <summary>Elements per row (<c>Shape[0]</c>).</summary>
    public long RowLength => Shape[0];

    /// <summary>Number of rows: the product of every dimension but the first.</summary>
    public long RowCount => Shape.Skip(1).Aggregate(1L, (a, b) => a * b);

    /// <summary>Bytes of tensor data.</summary>
    public long ByteCount => GgmlRowCodec.RowByteCount(Type, RowLength) * RowCount;
}
