using Omnia.Engines.Onnx.Diffusion;
using Omnia.Tests;

namespace Omnia.Engines.Onnx.Tests.Diffusion;

public sealed class ClipTokenizerTests : IDisposable
{
    private readonly DiffusionTestModel model = new();

    private ClipTokenizer Tokenizer() => new(
        Path.Combine(model.Directory, "tokenizer", "vocab.json"), Path.Combine(model.Directory, "tokenizer", "merges.txt"));

    [Fact]
    public void Words_merge_to_their_ids_between_start_and_end_and_the_rest_is_padding()
    {
        var (ids, dropped) = Tokenizer().Encode("  A   Cat\tdog ");

        Assert.Equal(0, dropped);
        Assert.Equal(ClipTokenizer.MaxLength, ids.Length);
        // "a" is a lone byte at the end of its word: the id of "a</w>" (256 + 'a').
        Assert.Equal([DiffusionTestModel.StartId, 256 + 'a', DiffusionTestModel.CatId, DiffusionTestModel.DogId, DiffusionTestModel.EndId], ids[..5]);
        Assert.All(ids[5..], id => Assert.Equal(DiffusionTestModel.EndId, id));
    }

    [Fact]
    public void Punctuation_and_unmerged_letters_are_byte_symbols()
    {
        var (ids, _) = Tokenizer().Encode("cab!");

        // "cab" splits into "ca" + "b</w>" (no merge makes "cab"); "!" is its own piece.
        Assert.Equal([DiffusionTestModel.StartId, 512, 256 + 'b', 256 + '!', DiffusionTestModel.EndId], ids[..5]);
    }

    [Fact]
    public void A_prompt_past_77_tokens_is_cut_and_says_how_many_tokens_were_dropped()
    {
        var (ids, dropped) = Tokenizer().Encode(string.Join(' ', Enumerable.Repeat("cat", 80)));

        Assert.Equal(80 - 75, dropped);
        Assert.Equal(DiffusionTestModel.EndId, ids[^1]);
        Assert.All(ids[1..^1], id => Assert.Equal(DiffusionTestModel.CatId, id));
    }

    public void Dispose() => model.Dispose();
}
