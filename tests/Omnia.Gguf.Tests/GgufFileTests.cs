using System.Text;

namespace Omnia.Gguf.Tests;

public class GgufFileTests
{
    [Fact]
    public void Reads_the_real_stories260K_header()
    {
        var file = GgufFile.Read(SharedModels.Stories260K);

        Assert.Equal("llama", file.Metadata["general.architecture"].AsString());
        Assert.Equal("llama", file.Metadata["tokenizer.ggml.model"].AsString());
        var tokens = file.Metadata["tokenizer.ggml.tokens"].AsArray<string>();
        Assert.Equal(tokens.Length, file.Metadata["tokenizer.ggml.scores"].AsArray<float>().Length);
        Assert.Contains(file.Tensors, t => t.Name == "token_embd.weight" && t.Shape[1] == tokens.Length);
        Assert.Equal(new FileInfo(SharedModels.Stories260K).Length,
            file.Tensors.Max(t => file.DataOffset + t.Offset + t.ByteCount));
    }

    [Fact]
    public void A_file_that_is_not_gguf_is_a_format_error()
    {
        using var stream = new MemoryStream(Encoding.ASCII.GetBytes("NOT A GGUF FILE AT ALL"));

        Assert.Contains("Not a GGUF file", Assert.Throws<GgufFormatException>(() => GgufFile.Read(stream)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_header_is_a_format_error()
    {
        var bytes = Header(new GgufWriter().Set("name", GgufValue.String("a long enough value")));

        // Cut inside the string value: 24 bytes of counts, then key (8 + 4), type (4), and part of the value.
        using var stream = new MemoryStream(bytes[..50]);

        Assert.IsType<GgufFormatException>(Record.Exception(() => GgufFile.Read(stream)));
    }

    [Fact]
    public void An_array_length_beyond_the_file_is_refused_before_allocating()
    {
        var bytes = Header(new GgufWriter().Set("ints", GgufValue.Array(new[] { 1, 2 })));

        // The element count follows 24 bytes of counts, the key (8 + 4), the value type (4) and the element type (4).
        BitConverter.TryWriteBytes(bytes.AsSpan(24 + 8 + 4 + 4 + 4), (ulong)1 << 40);
        using var stream = new MemoryStream(bytes);

        Assert.Contains("array length", Assert.Throws<GgufFormatException>(() => GgufFile.Read(stream)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unsupported_version_is_named()
    {
        var bytes = Header(new GgufWriter());
        BitConverter.TryWriteBytes(bytes.AsSpan(4), 1u);
        using var stream = new MemoryStream(bytes);

        Assert.Contains("version 1", Assert.Throws<GgufFormatException>(() => GgufFile.Read(stream)).Message, StringComparison.Ordinal);
    }

    private static byte[] Header(GgufWriter writer)
    {
        using var stream = new MemoryStream();
        writer.WriteTo(stream);
        return stream.ToArray();
    }
}
