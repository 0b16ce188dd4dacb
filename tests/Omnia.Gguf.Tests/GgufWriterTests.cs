namespace Omnia.Gguf.Tests;

public class GgufWriterTests
{
    [Fact]
    public void Metadata_of_every_type_reads_back_equal_and_in_order()
    {
        var writer = new GgufWriter()
            .Set("u8", GgufValue.UInt8(200))
            .Set("i8", GgufValue.Int8(-100))
            .Set("u16", GgufValue.UInt16(60000))
            .Set("i16", GgufValue.Int16(-30000))
            .Set("u32", GgufValue.UInt32(4_000_000_000))
            .Set("i32", GgufValue.Int32(-2_000_000_000))
            .Set("u64", GgufValue.UInt64(ulong.MaxValue))
            .Set("i64", GgufValue.Int64(long.MinValue))
            .Set("f32", GgufValue.Float32(1.5f))
            .Set("f64", GgufValue.Float64(-2.25))
            .Set("bool", GgufValue.Bool(true))
            .Set("text", GgufValue.String("héllo ▁ <|im_end|>"))
            .Set("strings", GgufValue.Array(new[] { "a", string.Empty, "ç" }))
            .Set("floats", GgufValue.Array(new[] { 0.5f, -1f }))
            .Set("ints", GgufValue.Array(new[] { 1, -2, 3 }))
            .Set("bools", GgufValue.Array(new[] { true, false }));
        using var stream = new MemoryStream();

        writer.WriteTo(stream);
        stream.Position = 0;
        var file = GgufFile.Read(stream);

        Assert.Equal(3u, file.Version);
        Assert.Equal(writer.Metadata.Select(kv => kv.Key), file.MetadataInOrder.Select(kv => kv.Key));
        foreach (var (key, expected) in writer.Metadata)
        {
            var actual = file.Metadata[key];
            Assert.Equal(expected.Type, actual.Type);
            Assert.Equal(expected.ElementType, actual.ElementType);
            Assert.Equal(expected.Value, actual.Value);
        }
    }

    [Fact]
    public void Setting_a_key_again_replaces_its_value_in_place()
    {
        var writer = new GgufWriter().Set("a", GgufValue.UInt32(1)).Set("b", GgufValue.UInt32(2)).Set("a", GgufValue.String("x"));

        Assert.Equal(["a", "b"], writer.Metadata.Select(kv => kv.Key));
        Assert.Equal("x", writer.Metadata[0].Value.AsString());
    }

    [Theory]
    [InlineData(32)]
    [InlineData(64)]
    public void Tensor_data_is_aligned_and_reads_back(int alignment)
    {
        var first = Enumerable.Range(0, 3 * 5).Select(i => i * 0.25f).ToArray();
        var second = Enumerable.Range(0, 64 * 2).Select(i => (i % 9) - 4f).ToArray();
        var writer = new GgufWriter(alignment)
            .Set("general.architecture", GgufValue.String("test"))
            .AddTensor("first", GgmlType.F32, [3, 5], first)
            .AddTensor("second", GgmlType.Q8_0, [64, 2], second);
        using var stream = new MemoryStream();

        writer.WriteTo(stream);
        stream.Position = 0;
        var file = GgufFile.Read(stream);

        Assert.Equal(alignment, file.Alignment);
        Assert.Equal(0, file.DataOffset % alignment);
        Assert.All(file.Tensors, t => Assert.Equal(0, t.Offset % alignment));
        Assert.Equal(["first", "second"], file.Tensors.Select(t => t.Name));
        Assert.Equal([3L, 5L], file.Tensors[0].Shape);
        Assert.Equal(GgmlType.Q8_0, file.Tensors[1].Type);
        var end = file.DataOffset + file.Tensors[1].Offset + file.Tensors[1].ByteCount;
        Assert.Equal((end + alignment - 1) / alignment * alignment, stream.Length); // ggml pads after the last tensor too
        Assert.Equal(first, ReadTensor(stream, file, file.Tensors[0]));
        var decoded = ReadTensor(stream, file, file.Tensors[1]);
        Assert.All(second.Zip(decoded), p => Assert.Equal(p.First, p.Second, 0.02f)); // Q8_0 step here is 4/127
    }

    [Fact]
    public void Tensors_are_refused_with_a_reason_when_malformed()
    {
        var writer = new GgufWriter();

        Assert.Contains("multiple of 32", Assert.Throws<ArgumentException>(
            () => writer.AddTensor("w", GgmlType.Q4_0, [33, 2], new float[66])).Message, StringComparison.Ordinal);
        Assert.Contains("positive dimensions", Assert.Throws<ArgumentException>(
            () => writer.AddTensor("w", GgmlType.F32, [4, 0], Array.Empty<float>())).Message, StringComparison.Ordinal);
        Assert.Contains("needs 8 values", Assert.Throws<ArgumentException>(
            () => writer.AddTensor("w", GgmlType.F32, [4, 2], new float[7])).Message, StringComparison.Ordinal);
        writer.AddTensor("taken", GgmlType.F32, [1], new float[1]);
        Assert.Contains("already added", Assert.Throws<ArgumentException>(
            () => writer.AddTensor("taken", GgmlType.F32, [1], new float[1])).Message, StringComparison.Ordinal);
        Assert.Contains("longer than", Assert.Throws<ArgumentException>(
            () => writer.AddTensor(new string('n', 64), GgmlType.F32, [1], new float[1])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void General_alignment_cannot_disagree_with_the_writers_alignment()
    {
        var writer = new GgufWriter(64);

        Assert.Equal(64u, writer.Metadata.Single(kv => kv.Key == "general.alignment").Value.AsUInt32());
        Assert.Throws<ArgumentException>(() => writer.Set("general.alignment", GgufValue.UInt32(32)));
    }

    [Fact]
    public void Writing_to_a_path_leaves_no_partial_file_when_a_row_source_fails()
    {
        using var file = new TemporaryFile();
        var writer = new GgufWriter().AddTensor("w", GgmlType.F32, [4], (_, _) => throw new IOException("source failed"));

        Assert.Throws<IOException>(() => writer.WriteTo(file.Path));

        Assert.False(File.Exists(file.Path));
        Assert.False(File.Exists(file.Path + ".partial"));
    }

    private static float[] ReadTensor(Stream stream, GgufFile file, GgufTensorInfo tensor)
    {
        var bytes = new byte[tensor.ByteCount];
        stream.Position = file.DataOffset + tensor.Offset;
        stream.ReadExactly(bytes);
        var values = new float[tensor.RowLength * tensor.RowCount];
        var rowBytes = (int)(tensor.ByteCount / tensor.RowCount);
        for (var row = 0; row < tensor.RowCount; row++)
        {
            GgmlRowCodec.Decode(
                tensor.Type,
                bytes.AsSpan(row * rowBytes, rowBytes),
                values.AsSpan((int)(row * tensor.RowLength), (int)tensor.RowLength));
        }

        return values;
    }
}
