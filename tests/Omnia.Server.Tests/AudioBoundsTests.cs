using System.Net.Http.Headers;
using System.Text.Json;
using Omnia.Audio;
using Omnia.Cli.Hosting;

namespace Omnia.Server.Tests;

/// <summary>Issue #10 through the running server: a WAV whose header declares a rate that would cost gigabytes or
/// hours to decode is a 400 naming <c>file</c>, and one declaring more than the configured duration a 413, answered at once.</summary>
[Collection(StoriesServerCollection.Name)]
public sealed class AudioBoundsTests(StoriesServerFixture fixture)
{
    [Theory]
    [InlineData(2_048_000_000, 20_000)]
    [InlineData(16, 57_000)]
    public async Task A_wav_declaring_a_rate_out_of_range_is_a_400_naming_file(int sampleRate, int samples)
    {
        using var response = await PostWavAsync(fixture.Server, WavWriter.Encode(new PcmAudio(new float[samples], sampleRate), WavSampleFormat.Pcm8));
        var error = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync()).GetProperty("error");

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("file", error.GetProperty("param").GetString());
        Assert.Equal("invalid_audio", error.GetProperty("code").GetString());
        Assert.Contains($"{sampleRate} Hz", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_duration_limit_is_read_from_configuration_and_checked_against_the_header()
    {
        await using var server = await OmniaServerInstance.StartAsync(new ServeSettings { MaxAudioSeconds = 2 });

        using var response = await PostWavAsync(server, WavWriter.Encode(new PcmAudio(new float[16000 * 3], 16000), WavSampleFormat.Pcm16));
        var error = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync()).GetProperty("error");

        Assert.Equal(413, (int)response.StatusCode);
        Assert.Equal(("file", "audio_too_large"), (error.GetProperty("param").GetString(), error.GetProperty("code").GetString()));
        Assert.Contains("the limit is 2 seconds", error.GetProperty("message").GetString());
    }

    private static async Task<HttpResponseMessage> PostWavAsync(OmniaServerInstance server, byte[] wav)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(wav);
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(file, "file", "hostile.wav");
        form.Add(new StringContent("whisper-1"), "model");

        return await server.Http.PostAsync("v1/audio/transcriptions", form);
    }
}
