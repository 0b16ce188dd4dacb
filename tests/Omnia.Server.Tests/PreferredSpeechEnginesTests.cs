using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Omnia.Catalog;
using Omnia.Cli.Hosting;
using Omnia.Models;
using Omnia.Tests;

namespace Omnia.Server.Tests;

/// <summary>
/// Whisper and Piper files in the models directory are found, registered before the Debian engines and so serve
/// OpenAI's model names; here they are a generated random-weight Whisper model and a Piper-shaped test voice.
/// </summary>
public sealed class PreferredSpeechEnginesTests : IAsyncLifetime
{
    private readonly DirectoryInfo _models = Directory.CreateTempSubdirectory("omnia-speech-models-");
    private readonly PiperTestVoice _voice = new();
    private OmniaServerInstance _server = null!;

    public async Task InitializeAsync()
    {
        new GgmlWhisperFileWriter().WriteTo(_models.FullName, "ggml-random.bin");
        File.Copy(_voice.ModelPath, Path.Combine(_models.FullName, "xx_test-medium.onnx"));
        File.Copy(_voice.ConfigPath, Path.Combine(_models.FullName, "xx_test-medium.onnx.json"));
        // An ONNX model without a voice config (Silero VAD) is not taken for a Piper voice.
        File.Copy(TestPaths.SileroVad, Path.Combine(_models.FullName, "silero_vad.onnx"));
        _server = await OmniaServerInstance.StartAsync(new ServeSettings { ModelsDir = _models.FullName, Threads = 2 });
    }

    [Fact]
    public void Whisper_and_piper_are_registered_ahead_of_the_debian_engines()
    {
        var recognition = _server.Registry.All.Where(m => m.Role == ModelRole.SpeechToText).Select(m => m.Id);
        var synthesis = _server.Registry.All.Where(m => m.Role == ModelRole.TextToSpeech).Select(m => m.Id);

        Assert.Equal(["whisper-random", "pocketsphinx-en-us"], recognition);
        Assert.Equal(["piper-xx_test-medium", "espeak-ng"], synthesis);
        Assert.Equal("whisper-random", _server.Registry.FindBest(ModelRole.SpeechToText)?.Id);
        Assert.Equal("piper-xx_test-medium", _server.Registry.FindBest(ModelRole.TextToSpeech)?.Id);
        Assert.Contains("de", _server.Registry.Find("whisper-random")!.Languages);
    }

    [Fact]
    public async Task Tts_1_speaks_through_piper_with_openai_voice_names()
    {
        using var response = await _server.Http.PostAsJsonAsync("v1/audio/speech",
            new { model = "tts-1", input = "Hello there. How are you?", voice = "alloy", response_format = "pcm" });
        var pcm = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(200, (int)response.StatusCode);
        // Two sentences of about 30 ids each make tones of ~3600 samples at 16 kHz, plus 0.2 s between them, at 24 kHz.
        Assert.InRange(pcm.Length / 2 / 24000.0, 0.3, 1.5);
    }

    [Fact]
    public async Task Whisper_1_transcribes_through_whisper_with_timed_segments()
    {
        var wav = await SpeechAudio.FliteWavAsync("Hello there.");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(wav);
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(file, "file", "speech.wav");
        form.Add(new StringContent("whisper-1"), "model");
        form.Add(new StringContent("verbose_json"), "response_format");
        form.Add(new StringContent("en"), "language");

        using var response = await _server.Http.PostAsync("v1/audio/transcriptions", form);
        var json = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());

        Assert.Equal(200, (int)response.StatusCode);
        var duration = json.GetProperty("duration").GetDouble();
        Assert.All(json.GetProperty("segments").EnumerateArray(), segment =>
            Assert.InRange(segment.GetProperty("end").GetDouble(), segment.GetProperty("start").GetDouble(), duration));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _voice.Dispose();
        _models.Delete(recursive: true);
    }
}

/// <summary>A Whisper file that is not a model is reported as failed, naming the file, and the Debian engine serves.</summary>
public sealed class BrokenSpeechModelTests
{
    [Fact]
    public async Task A_junk_whisper_file_is_listed_as_failed_and_pocketsphinx_serves()
    {
        var models = Directory.CreateTempSubdirectory("omnia-speech-models-");
        try
        {
            var junk = Path.Combine(models.FullName, "ggml-base.bin");
            await File.WriteAllBytesAsync(junk, new byte[4096]);
            await using var server = await OmniaServerInstance.StartAsync(new ServeSettings { ModelsDir = models.FullName });

            var whisper = server.Registry.Find("whisper-base");

            Assert.Equal(ServedModelState.Failed, whisper?.State);
            Assert.Contains(junk, whisper?.Error, StringComparison.Ordinal);
            Assert.Equal("pocketsphinx-en-us", server.Registry.FindBest(ModelRole.SpeechToText)?.Id);
        }
        finally
        {
            models.Delete(recursive: true);
        }
    }
}
