using System.Text.Json;

namespace Omnia.Tests;

/// <summary>
/// A Stable Diffusion export written for tests, in Optimum's layout and with its input and output names, whose graphs
/// are simple functions a test can compute by hand:
/// <list type="bullet">
/// <item>text_encoder: <c>input_ids</c> int32 [batch, 77] → <c>last_hidden_state</c> = ids / 1000, float [batch, 77, 1];</item>
/// <item>unet: <c>sample</c> [batch, 4, h, w], <c>timestep</c> int64 [batch], <c>encoder_hidden_states</c> →
/// <c>out_sample</c> = <see cref="SampleWeight"/>·sample + <see cref="HiddenWeight"/>·mean(hidden) + <see cref="TimestepWeight"/>·mean(timestep);</item>
/// <item>vae_decoder: <c>latent_sample</c> [batch, 4, h, w] → <c>sample</c> [batch, 3, 8h, 8w], the first three latent
/// channels each repeated over an 8×8 block;</item>
/// <item>vae_encoder: <c>sample</c> [batch, 3, H, W] → <c>latent_sample</c> [batch, 4, H/8, W/8], each 8×8 block's pixel
/// (3, 3) (nearest-neighbour downscaling), the red channel again as the fourth; so for images constant over 8×8 blocks,
/// decoding (encoding × 0.18215) gives the image back.</item>
/// </list>
/// The tokenizer knows every byte, plus "cat" and "dog" as whole words.
/// </summary>
internal sealed class DiffusionTestModel : IDisposable
{
    public const float SampleWeight = 0.5f;
    public const float HiddenWeight = 0.001f;
    public const float TimestepWeight = 0.0001f;
    public const int StartId = 516;
    public const int EndId = 517;
    public const int CatId = 513;
    public const int DogId = 515;

    private readonly DirectoryInfo? owned;

    /// <summary>Writes the model into a new temporary directory, or into <paramref name="directory"/> (kept).</summary>
    public DiffusionTestModel(string? directory = null, bool withEncoder = true)
    {
        owned = directory is null ? System.IO.Directory.CreateTempSubdirectory("omnia-diffusion-") : null;
        Directory = directory ?? owned!.FullName;
        Write("text_encoder/model.onnx", TextEncoder());
        Write("unet/model.onnx", Unet());
        Write("vae_decoder/model.onnx", VaeDecoder());
        if (withEncoder) Write("vae_encoder/model.onnx", VaeEncoder());
        Write("tokenizer/vocab.json", JsonSerializer.SerializeToUtf8Bytes(Vocabulary()));
        Write("tokenizer/merges.txt", "#version: 0.2\nc a\nca t</w>\nd o\ndo g</w>\n"u8.ToArray());
    }

    public string Directory { get; }

    private void Write(string relative, byte[] bytes)
    {
        var path = Path.Combine(Directory, relative);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    private static Dictionary<string, int> Vocabulary()
    {
        var vocabulary = new Dictionary<string, int>();
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= '¡' and <= '¬' or >= '®' and <= 'ÿ';
            var symbol = (printable ? (char)b : (char)next++).ToString();
            vocabulary[symbol] = b;
            vocabulary[symbol + "</w>"] = 256 + b;
        }
        vocabulary["ca"] = 512;
        vocabulary["cat</w>"] = CatId;
        vocabulary["do"] = 514;
        vocabulary["dog</w>"] = DogId;
        vocabulary["<|startoftext|>"] = StartId;
        vocabulary["<|endoftext|>"] = EndId;
        return vocabulary;
    }

    private static byte[] TextEncoder() => new OnnxGraph()
        .Input("input_ids", 6, "batch", "sequence")
        .Constant("thousandth", 0.001f)
        .Constant("last_axis", [2L])
        .Node("Cast", ["input_ids"], "ids", ("to", OnnxGraph.Float))
        .Node("Mul", ["ids", "thousandth"], "scaled")
        .Node("Unsqueeze", ["scaled", "last_axis"], "last_hidden_state")
        .Output("last_hidden_state", OnnxGraph.Float, "batch", "sequence", 1)
        .ToModel();

    private static byte[] Unet() => new OnnxGraph()
        .Input("sample", OnnxGraph.Float, "batch", 4, "height", "width")
        .Input("timestep", OnnxGraph.Int64, "batch")
        .Input("encoder_hidden_states", OnnxGraph.Float, "batch", "sequence", "hidden")
        .Constant("sample_weight", SampleWeight)
        .Constant("hidden_weight", HiddenWeight)
        .Constant("timestep_weight", TimestepWeight)
        .Node("Mul", ["sample", "sample_weight"], "weighted_sample")
        .Node("ReduceMean", ["encoder_hidden_states"], "hidden_mean", ("keepdims", 0))
        .Node("Mul", ["hidden_mean", "hidden_weight"], "weighted_hidden")
        .Node("Cast", ["timestep"], "float_timestep", ("to", OnnxGraph.Float))
        .Node("ReduceMean", ["float_timestep"], "timestep_mean", ("keepdims", 0))
        .Node("Mul", ["timestep_mean", "timestep_weight"], "weighted_timestep")
        .Node("Add", ["weighted_sample", "weighted_hidden"], "with_hidden")
        .Node("Add", ["with_hidden", "weighted_timestep"], "out_sample")
        .Output("out_sample", OnnxGraph.Float, "batch", 4, "height", "width")
        .ToModel();

    private static byte[] VaeDecoder() => new OnnxGraph()
        .Input("latent_sample", OnnxGraph.Float, "batch", 4, "height", "width")
        .Constant("scales", [1f, 1f, 8f, 8f])
        .Constant("starts", [0L])
        .Constant("ends", [3L])
        .Constant("axes", [1L])
        .Node("Slice", ["latent_sample", "starts", "ends", "axes"], "rgb")
        .Node("Resize", ["rgb", "", "scales"], "sample")
        .Output("sample", OnnxGraph.Float, "batch", 3, "image_height", "image_width")
        .ToModel();

    private static byte[] VaeEncoder() => new OnnxGraph()
        .Input("sample", OnnxGraph.Float, "batch", 3, "image_height", "image_width")
        .Constant("scales", [1f, 1f, 0.125f, 0.125f])
        .Constant("starts", [0L])
        .Constant("ends", [1L])
        .Constant("axes", [1L])
        .Node("Resize", ["sample", "", "scales"], "rgb")
        .Node("Slice", ["rgb", "starts", "ends", "axes"], "red")
        .Node("Concat", ["rgb", "red"], "latent_sample", ("axis", 1))
        .Output("latent_sample", OnnxGraph.Float, "batch", 4, "height", "width")
        .ToModel();

    public void Dispose() => owned?.Delete(recursive: true);
}
