using System.Text.Json.Nodes;
using Omnia.Engines.Classic.Espeak;
using Omnia.Engines.Onnx.Piper;
using Omnia.Models;
using Omnia.Tests;

namespace Omnia.Engines.Onnx.Tests.Piper;

/// <summary>A broken voice — model or config — is refused at load, naming the file and what is wrong.</summary>
public sealed class PiperVoiceFileTests : IDisposable
{
    private readonly PiperTestVoice voice = new();
    private readonly EspeakPhonemizer phonemizer = new();

    [Fact]
    public void A_missing_model_is_named()
    {
        var path = Path.Combine(Path.GetDirectoryName(voice.ModelPath)!, "en_US-none-medium.onnx");

        var error = Assert.Throws<InvalidModelFileException>(() => new PiperTextToSpeechClient(path, phonemizer));

        Assert.Equal(path, error.Path);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_config_is_named()
    {
        File.Delete(voice.ConfigPath);

        var error = Assert.Throws<InvalidModelFileException>(() => new PiperTextToSpeechClient(voice.ModelPath, phonemizer));

        Assert.Equal(voice.ConfigPath, error.Path);
        Assert.Contains(".onnx.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_that_is_not_json_is_named()
    {
        File.WriteAllText(voice.ConfigPath, "{ \"audio\": ");

        var error = Assert.Throws<InvalidModelFileException>(() => new PiperTextToSpeechClient(voice.ModelPath, phonemizer));

        Assert.Equal(voice.ConfigPath, error.Path);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("audio", "sample_rate")]
    [InlineData("espeak", "espeak.voice")]
    [InlineData("phoneme_id_map", "phoneme_id_map")]
    public void A_config_lacking_a_section_says_which(string section, string named)
    {
        var config = voice.Config();
        config.Remove(section);
        voice.WriteConfig(config);

        var error = Assert.Throws<InvalidModelFileException>(() => new PiperTextToSpeechClient(voice.ModelPath, phonemizer));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_phoneme_map_without_the_pad_symbol_is_refused()
    {
        var config = voice.Config();
        config["phoneme_id_map"]!.AsObject().Remove("_");
        voice.WriteConfig(config);

        var error = Assert.Throws<InvalidModelFileException>(() => new PiperTextToSpeechClient(voice.ModelPath, phonemizer));

        Assert.Contains("'_'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_voice_trained_on_text_instead_of_phonemes_is_refused()
    {
        var config = voice.Config();
        config["phoneme_type"] = "text";
        voice.WriteConfig(config);

        var error = Assert.Throws<InvalidModelFileException>(() => new PiperTextToSpeechClient(voice.ModelPath, phonemizer));

        Assert.Contains("phoneme_type is 'text'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_naming_an_espeak_voice_that_is_not_installed_is_refused()
    {
        var config = voice.Config();
        config["espeak"] = new JsonObject { ["voice"] = "xx-nowhere" };
        voice.WriteConfig(config);

        var error = Assert.Throws<InvalidModelFileException>(() => new PiperTextToSpeechClient(voice.ModelPath, phonemizer));

        Assert.Equal(voice.ConfigPath, error.Path);
        Assert.Contains("'xx-nowhere'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_that_is_not_onnx_is_named()
    {
        var junk = new byte[4096];
        new Random(5).NextBytes(junk);
        File.WriteAllBytes(voice.ModelPath, junk);

        var error = Assert.Throws<InvalidModelFileException>(() => new PiperTextToSpeechClient(voice.ModelPath, phonemizer));

        Assert.Equal(voice.ModelPath, error.Path);
        Assert.Contains("ONNX Runtime cannot load it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_onnx_model_without_piper_inputs_is_refused_naming_them()
    {
        File.WriteAllBytes(voice.ModelPath, OnnxModelWriter.Identity("x", "y", 4));

        var error = Assert.Throws<InvalidModelFileException>(() => new PiperTextToSpeechClient(voice.ModelPath, phonemizer));

        Assert.Contains("lacks the inputs input, input_lengths, scales", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_multi_speaker_config_needs_a_model_that_takes_a_speaker()
    {
        var config = voice.Config();
        config["num_speakers"] = 3;
        voice.WriteConfig(config);

        var error = Assert.Throws<InvalidModelFileException>(() => new PiperTextToSpeechClient(voice.ModelPath, phonemizer));

        Assert.Contains("sid", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => voice.Dispose();
}
