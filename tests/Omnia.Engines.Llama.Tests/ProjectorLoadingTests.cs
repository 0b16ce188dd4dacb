using Omnia.Gguf;

namespace Omnia.Engines.Llama.Tests;

/// <summary>
/// Projectors that libmtmd would reject or abort the process on are refused with a message when the model loads.
/// Each is a generated projector with one thing wrong.
/// </summary>
public sealed class ProjectorLoadingTests(MultimodalModels models) : IClassFixture<MultimodalModels>
{
    private InvalidDataException Refused(GgufWriter projector, string name)
    {
        var path = models.FilePath(name);
        projector.WriteTo(path);
        return Assert.Throws<InvalidDataException>(() => LlamaModel.Load(models.Options(path)));
    }

    [Fact]
    public void A_projector_made_for_a_model_of_another_width_is_refused()
    {
        var error = Refused(ClipRandomProjector.Vision(ClipVisionShape.Tiny(outputLength: 48)), "mmproj-48.gguf");

        Assert.Contains("48-wide", error.Message);
        Assert.Contains("64", error.Message);
    }

    [Fact]
    public void An_audio_projector_made_for_another_width_is_refused()
    {
        var error = Refused(ClipRandomProjector.Audio(ClipAudioShape.TinyUltravox(outputLength: 96)), "mmproj-ultravox-96.gguf");

        Assert.Contains("96-wide", error.Message);
    }

    [Fact]
    public void Integer_keys_stored_as_int32_are_refused_instead_of_aborting_libmtmd()
    {
        var projector = ClipRandomProjector.Vision(ClipVisionShape.Tiny(64)).Set("clip.vision.image_size", GgufValue.Int32(32));

        Assert.Contains("clip.vision.image_size is stored as Int32", Refused(projector, "mmproj-int32.gguf").Message);
    }

    [Fact]
    public void A_vision_projector_without_image_mean_is_refused_instead_of_aborting_libmtmd()
    {
        var projector = ClipRandomProjector.Vision(ClipVisionShape.Tiny(64)).Set("clip.vision.image_mean", GgufValue.Array(new[] { 0.5f }));

        Assert.Contains("clip.vision.image_mean", Refused(projector, "mmproj-mean.gguf").Message);
    }

    [Fact]
    public void Audio_position_embeddings_shorter_than_a_30_second_chunk_are_refused()
    {
        var shape = ClipAudioShape.TinyQwen2A(64) with { PositionCount = 1000 };

        Assert.Contains("1000 rows", Refused(ClipRandomProjector.Audio(shape), "mmproj-short.gguf").Message);
    }

    [Fact]
    public void A_voxtral_stack_factor_that_does_not_divide_a_chunk_is_refused()
    {
        var projector = ClipRandomProjector.Audio(ClipAudioShape.TinyUltravox(64))
            .Set("clip.projector_type", GgufValue.String("voxtral"))
            .Set("clip.audio.projector.stack_factor", GgufValue.UInt32(7));

        Assert.Contains("stack_factor 7", Refused(projector, "mmproj-voxtral-7.gguf").Message);
    }

    [Fact]
    public void A_chat_model_given_as_projector_is_refused()
    {
        var error = Assert.Throws<InvalidDataException>(() => LlamaModel.Load(models.Options(models.LlmPath)));

        Assert.Contains("not a multimodal projector", error.Message);
    }

    [Fact]
    public void A_missing_projector_file_is_reported_by_name()
    {
        var error = Assert.Throws<FileNotFoundException>(() => LlamaModel.Load(models.Options(models.FilePath("absent.gguf"))));

        Assert.Contains("absent.gguf", error.Message);
    }
}
