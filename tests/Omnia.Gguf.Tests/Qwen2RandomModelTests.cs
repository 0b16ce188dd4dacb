using System.Security.Cryptography;
using System.Text;
using LLama;
using LLama.Common;
using LLama.Native;

namespace Omnia.Gguf.Tests;

public class Qwen2RandomModelTests
{
    // Small enough to write and load in well under a second, with every tensor kind of the real shapes.
    private static readonly Qwen2Shape Tiny = new("tiny-qwen2", 64, 2, 4, 2, 128, 1024, 256, 1_000_000f, 1e-6f);

    [Fact]
    public void The_half_billion_layout_has_qwen2s_tensor_names_and_shapes_and_tied_embeddings()
    {
        var shape = Qwen2Shape.Qwen25HalfBInstruct;
        var writer = Qwen2RandomModel.Create(shape, GgufFile.Read(SharedModels.Stories260K));
        var tensors = writer.Tensors.ToDictionary(t => t.Name);

        Assert.Equal(1 + (24 * 12) + 1, tensors.Count);
        Assert.Equal([896L, 151936L], tensors["token_embd.weight"].Shape);
        Assert.DoesNotContain("output.weight", tensors.Keys);
        Assert.Equal([896L, 128L], tensors["blk.23.attn_k.weight"].Shape);
        Assert.Equal([128L], tensors["blk.0.attn_v.bias"].Shape);
        Assert.Equal([4864L, 896L], tensors["blk.5.ffn_down.weight"].Shape);
        Assert.Equal(GgmlType.Q4_0, tensors["blk.0.attn_q.weight"].Type);
        Assert.Equal(GgmlType.F32, tensors["blk.0.attn_q.bias"].Type);
        Assert.Equal(shape.ParameterCount, tensors.Values.Sum(t => t.RowLength * t.RowCount));
        Assert.Equal(151936, writer.Metadata.Single(kv => kv.Key == "tokenizer.ggml.tokens").Value.AsArray<string>().Length);
    }

    [Fact]
    public void A_generated_model_loads_in_llama_cpp_and_decodes_finite_logits_over_the_padded_vocabulary()
    {
        using var file = new TemporaryFile();
        Qwen2RandomModel.Create(Tiny, GgufFile.Read(SharedModels.Stories260K)).WriteTo(file.Path);
        var parameters = new ModelParams(file.Path) { LoadMode = LLamaLoadMode.None, GpuLayerCount = 0, ContextSize = 128 };

        using var weights = LLamaWeights.LoadFromFile(parameters);
        using var context = weights.CreateContext(parameters);
        var prompt = weights.Tokenize("Once upon a time", true, false, Encoding.UTF8);
        var batch = new LLamaBatch();
        batch.AddRange(prompt, 0, LLamaSeqId.Zero, true);

        Assert.Equal(DecodeResult.Ok, context.NativeHandle.Decode(batch));
        var logits = context.NativeHandle.GetLogitsIth(batch.TokenCount - 1).ToArray();
        Assert.Equal(Tiny.VocabSize, logits.Length);
        Assert.All(logits, l => Assert.True(float.IsFinite(l)));
        Assert.True(logits.Max() > logits.Min(), "random weights give different logits per token");
    }

    [Fact]
    public void The_chat_template_and_im_end_make_a_chatml_model()
    {
        using var file = new TemporaryFile();
        Qwen2RandomModel.Create(Tiny, GgufFile.Read(SharedModels.Stories260K)).WriteTo(file.Path);
        using var weights = LLamaWeights.LoadFromFile(new ModelParams(file.Path) { LoadMode = LLamaLoadMode.None, GpuLayerCount = 0 });

        var template = new LLamaTemplate(weights) { AddAssistant = true };
        template.Add("user", "Hello");
        var prompt = Encoding.UTF8.GetString(template.Apply());
        var imEnd = weights.Tokenize("<|im_end|>", false, true, Encoding.UTF8);

        Assert.Equal("<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n", prompt);
        Assert.Single(imEnd);
        Assert.True(imEnd[0].IsEndOfGeneration(weights.Vocab));
    }

    [Fact]
    public void The_same_seed_writes_the_same_bytes_and_another_seed_other_weights()
    {
        var tokenizer = GgufFile.Read(SharedModels.Stories260K);

        var first = Hash(Qwen2RandomModel.Create(Tiny, tokenizer, GgmlType.Q8_0, seed: 5));
        var again = Hash(Qwen2RandomModel.Create(Tiny, tokenizer, GgmlType.Q8_0, seed: 5));
        var other = Hash(Qwen2RandomModel.Create(Tiny, tokenizer, GgmlType.Q8_0, seed: 6));

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void A_vocabulary_smaller_than_the_tokenizer_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(
            () => Qwen2RandomModel.Create(Tiny with { VocabSize = 100 }, GgufFile.Read(SharedModels.Stories260K)));

        Assert.Contains("512 tokens", error.Message, StringComparison.Ordinal);
    }

    private static string Hash(GgufWriter writer)
    {
        using var stream = new MemoryStream();
        writer.WriteTo(stream);
        return Convert.ToHexString(SHA256.HashData(stream.ToArray()));
    }
}
