using System.Text;

namespace Omnia.Tests;

/// <summary>
/// Writes files in whisper.cpp's ggml layout — header, mel filters, vocabulary, tensor records. By default the tensors
/// are the full set whisper.cpp expects for the chosen (tiny) sizes, filled with seeded random weights: a model
/// whisper.cpp really loads and runs, which transcribes nothing meaningful but exercises the whole engine path.
/// </summary>
internal sealed class GgmlWhisperFileWriter
{
    private const int F32 = 0;
    private const int F16 = 1;

    /// <summary>51865 and up is a multilingual model; 51864 an English-only one.</summary>
    public int VocabularySize { get; init; } = 51865;
    public int State { get; init; } = 8;
    public int Layers { get; init; } = 1;
    public int Mels { get; init; } = 80;
    public uint Magic { get; init; } = 0x67676d6c;

    /// <summary>Whether the vocabulary has the blank token " ", as every real Whisper vocabulary does.</summary>
    public bool IncludeBlankToken { get; init; } = true;

    /// <summary>Tensor records written after the vocabulary, replacing the full Whisper set.</summary>
    public List<(string Name, int Type, int[] Shape)>? Tensors { get; init; }

    private const int AudioContext = 1500;
    private const int TextContext = 448;
    private const int FftBins = 201;
    private const int VocabularyWritten = 256;

    /// <summary>Where each tensor record starts in the last <see cref="ToBytes"/> output.</summary>
    public List<long> TensorOffsets { get; } = [];

    public byte[] ToBytes()
    {
        TensorOffsets.Clear();
        using var memory = new MemoryStream();
        using var writer = new BinaryWriter(memory, Encoding.UTF8);
        var random = new Random(42);
        writer.Write(Magic);
        // n_vocab, n_audio_ctx, n_audio_state, n_audio_head, n_audio_layer, n_text_ctx, n_text_state, n_text_head, n_text_layer, n_mels, ftype (1 = f16)
        foreach (var value in new[] { VocabularySize, AudioContext, State, 1, Layers, TextContext, State, 1, Layers, Mels, 1 })
        {
            writer.Write(value);
        }
        writer.Write(Mels);
        writer.Write(FftBins);
        for (var i = 0; i < Mels * FftBins; i++)
        {
            writer.Write((float)(random.NextDouble() * 0.01));
        }
        // whisper.cpp names the tokens past those in the file itself ([_extra_token_N], [_EOT_], timestamps, …).
        writer.Write(VocabularyWritten);
        for (var i = 0; i < VocabularyWritten; i++)
        {
            // whisper.cpp looks up the blank token " " by text when it suppresses blanks.
            var token = Encoding.UTF8.GetBytes(i switch
            {
                ' ' => IncludeBlankToken ? " " : "<blank>",
                >= 'a' and <= 'z' => $" {(char)i}",
                _ => $"<{i}>",
            });
            writer.Write((uint)token.Length);
            writer.Write(token);
        }
        foreach (var (name, type, shape) in Tensors ?? WhisperTensors())
        {
            TensorOffsets.Add(memory.Position);
            var nameBytes = Encoding.UTF8.GetBytes(name);
            writer.Write(shape.Length);
            writer.Write(nameBytes.Length);
            writer.Write(type);
            foreach (var dimension in shape)
            {
                writer.Write(dimension);
            }
            writer.Write(nameBytes);
            var elements = shape.Aggregate(1L, (a, b) => a * b);
            for (var i = 0; i < elements; i++)
            {
                var weight = (float)((random.NextDouble() - 0.5) * 0.2);
                if (type == F16)
                {
                    writer.Write((Half)weight);
                }
                else
                {
                    writer.Write(weight);
                }
            }
        }
        return memory.ToArray();
    }

    public string WriteTo(string directory, string name = "ggml-test.bin")
    {
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, ToBytes());
        return path;
    }

    /// <summary>The tensors whisper.cpp's loader maps by name, with its shapes (ggml order: fastest dimension first).</summary>
    public List<(string Name, int Type, int[] Shape)> WhisperTensors()
    {
        var s = State;
        var tensors = new List<(string Name, int Type, int[] Shape)>
        {
            ("encoder.positional_embedding", F32, [s, AudioContext]),
            ("encoder.conv1.weight", F16, [3, Mels, s]),
            ("encoder.conv1.bias", F32, [1, s]),
            ("encoder.conv2.weight", F16, [3, s, s]),
            ("encoder.conv2.bias", F32, [1, s]),
            ("encoder.ln_post.weight", F32, [s]),
            ("encoder.ln_post.bias", F32, [s]),
            ("decoder.positional_embedding", F32, [s, TextContext]),
            ("decoder.token_embedding.weight", F16, [s, VocabularySize]),
            ("decoder.ln.weight", F32, [s]),
            ("decoder.ln.bias", F32, [s]),
        };
        for (var i = 0; i < Layers; i++)
        {
            tensors.AddRange(Block($"encoder.blocks.{i}", "attn"));
            tensors.AddRange(Block($"decoder.blocks.{i}", "attn"));
            tensors.AddRange(Attention($"decoder.blocks.{i}", "cross_attn"));
        }
        return tensors;
    }

    private IEnumerable<(string, int, int[])> Block(string block, string attention)
    {
        var s = State;
        yield return ($"{block}.mlp_ln.weight", F32, [s]);
        yield return ($"{block}.mlp_ln.bias", F32, [s]);
        yield return ($"{block}.mlp.0.weight", F16, [s, 4 * s]);
        yield return ($"{block}.mlp.0.bias", F32, [4 * s]);
        yield return ($"{block}.mlp.2.weight", F16, [4 * s, s]);
        yield return ($"{block}.mlp.2.bias", F32, [s]);
        foreach (var tensor in Attention(block, attention))
        {
            yield return tensor;
        }
    }

    private IEnumerable<(string, int, int[])> Attention(string block, string attention)
    {
        var s = State;
        yield return ($"{block}.{attention}_ln.weight", F32, [s]);
        yield return ($"{block}.{attention}_ln.bias", F32, [s]);
        yield return ($"{block}.{attention}.query.weight", F16, [s, s]);
        yield return ($"{block}.{attention}.query.bias", F32, [s]);
        yield return ($"{block}.{attention}.key.weight", F16, [s, s]);
        yield return ($"{block}.{attention}.value.weight", F16, [s, s]);
        yield return ($"{block}.{attention}.value.bias", F32, [s]);
        yield return ($"{block}.{attention}.out.weight", F16, [s, s]);
        yield return ($"{block}.{attention}.out.bias", F32, [s]);
    }
}
