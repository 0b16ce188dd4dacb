using Omnia.Models;
using Omnia.Tests;

namespace Omnia.Engines.Whisper.Tests;

public sealed class GgmlWhisperModelFileTests : IDisposable
{
    private readonly TempDirectory directory = new();

    [Fact]
    public void A_well_formed_file_is_read_with_its_hyper_parameters()
    {
        var writer = new GgmlWhisperFileWriter { VocabularySize = 300, Layers = 2, Mels = 4 };
        var path = writer.WriteTo(directory.Path);

        var file = GgmlWhisperModelFile.Read(path);

        Assert.Equal(300, file.VocabularySize);
        Assert.Equal(2, file.AudioLayers);
        Assert.Equal(2, file.TextLayers);
        Assert.Equal(4, file.MelBands);
        Assert.Equal(writer.WhisperTensors().Count, file.TensorCount);
        Assert.False(file.IsMultilingual);
    }

    [Fact]
    public void The_vocabulary_size_tells_multilingual_models_from_english_ones()
    {
        var multilingual = new GgmlWhisperFileWriter { VocabularySize = 51865, Mels = 4 }.WriteTo(directory.Path, "ggml-multi.bin");
        var english = new GgmlWhisperFileWriter { VocabularySize = 51864, Mels = 4 }.WriteTo(directory.Path, "ggml-en.bin");

        var largeV3 = new GgmlWhisperFileWriter { VocabularySize = 51866, Mels = 4 }.WriteTo(directory.Path, "ggml-large-v3.bin");

        Assert.True(GgmlWhisperModelFile.Read(multilingual).IsMultilingual);
        Assert.Equal(99, GgmlWhisperModelFile.Read(multilingual).Languages.Count);
        Assert.Equal(100, GgmlWhisperModelFile.Read(largeV3).Languages.Count);
        Assert.False(GgmlWhisperModelFile.Read(english).IsMultilingual);
        Assert.Equal(["en"], GgmlWhisperModelFile.Read(english).Languages);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = Path.Combine(directory.Path, "ggml-base.bin");

        var error = Assert.Throws<InvalidModelFileException>(() => GgmlWhisperModelFile.Read(path));

        Assert.Equal(path, error.Path);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(4096)]
    public void Junk_is_refused_as_not_a_ggml_model(int length)
    {
        var junk = new byte[length];
        new Random(length).NextBytes(junk);
        var path = directory.File("ggml-junk.bin", junk);

        var error = Assert.Throws<InvalidModelFileException>(() => GgmlWhisperModelFile.Read(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a whisper.cpp ggml model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gguf_file_is_refused_as_not_a_ggml_model()
    {
        var path = TestPaths.Stories260K;

        var error = Assert.Throws<InvalidModelFileException>(() => GgmlWhisperModelFile.Read(path));

        Assert.Contains("not a whisper.cpp ggml model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_cut_anywhere_is_refused_as_truncated_or_corrupt()
    {
        var writer = new GgmlWhisperFileWriter { VocabularySize = 300, Mels = 4 };
        var bytes = writer.ToBytes();
        // Every cut in the hyper-parameters, then cuts through the filters and vocabulary, at each tensor record's start
        // and one byte either side, and through the weights.
        var cuts = Enumerable.Range(0, 100).Select(c => (long)c)
            .Concat(Enumerable.Range(0, (int)writer.TensorOffsets[0] / 37).Select(i => i * 37L + 100))
            .Concat(writer.TensorOffsets.SelectMany(o => new[] { o - 1, o, o + 1 }))
            .Concat(Enumerable.Range(1, 100).Select(i => bytes.LongLength * i / 101))
            .Append(bytes.Length - 1)
            .Where(c => c < bytes.Length)
            .Distinct();

        foreach (var length in cuts)
        {
            var path = directory.File("ggml-cut.bin", bytes[..(int)length]);

            var error = Assert.Throws<InvalidModelFileException>(() => GgmlWhisperModelFile.Read(path));

            Assert.True(error.Message.Contains("truncated", StringComparison.Ordinal) || error.Message.Contains("corrupt", StringComparison.Ordinal)
                || error.Message.Contains("not a whisper.cpp ggml model", StringComparison.Ordinal), $"cut at {length}: {error.Message}");
        }
        Assert.Equal(writer.TensorOffsets.Count, GgmlWhisperModelFile.Read(directory.File("ggml-whole.bin", bytes)).TensorCount);
    }

    [Fact]
    public void A_tensor_of_a_type_whisper_does_not_use_is_refused_by_name()
    {
        var path = new GgmlWhisperFileWriter { Mels = 4, Tensors = [("encoder.conv1.weight", 99, [4])] }.WriteTo(directory.Path);

        var error = Assert.Throws<InvalidModelFileException>(() => GgmlWhisperModelFile.Read(path));

        Assert.Contains("'encoder.conv1.weight'", error.Message, StringComparison.Ordinal);
        Assert.Contains("type 99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vocabulary_without_the_blank_token_is_refused_before_whisper_cpp_could_abort_on_it()
    {
        var path = new GgmlWhisperFileWriter { Mels = 4, IncludeBlankToken = false }.WriteTo(directory.Path);

        var error = Assert.Throws<InvalidModelFileException>(() => GgmlWhisperModelFile.Read(path));

        Assert.Contains("blank token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Absurd_hyper_parameters_are_refused()
    {
        var path = new GgmlWhisperFileWriter { Mels = -3 }.WriteTo(directory.Path);

        var error = Assert.Throws<InvalidModelFileException>(() => GgmlWhisperModelFile.Read(path));

        Assert.Contains("n_mels is -3", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => directory.Dispose();
}
