using System.Net.Http.Headers;
using System.Text.Json;
using Omnia.Audio;

namespace Omnia.Server.Tests;

/// <summary>Issue #10 through the running server: a WAV whose header declares a rate that would cost gigabytes or
/// hours to decode is a 400 naming <c>file</c>, answered at once.</summary>
[Collection(StoriesServerCollection.Name)]
public sealed class AudioBoundsTests(StoriesServerFixture fixture)
{
    [Theory]
    [InlineData(2_048_000_000, 20_000)]
    [InlineData(16, 57_000)]
    public async Task A_wav_declaring_a_rate_out_of_range_is_a_400_naming_file(int sampleRate, int samples)
    {
        var wav = WavWriter.Encode(new PcmAudio(new float[samples], sampleRate), WavSampleFormat.Pcm8);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(wav);
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(file, "file", "hostile.wav");
        form.Add(new StringContent("whisper-1"), "model");

        using var response = await fixture.Server.Http.PostAsync("v1/audio/transcriptions", form);
        var error = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync()).GetProperty("error");

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("file", error.GetProperty("param").GetString());
        Assert.Equal("invalid_audio", error.GetProperty("code").GetString());
        Assert.Contains($"{sampleRate} Hz", error.GetProperty("message").GetString());
    }
}
