using System.ClientModel;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAI;
using OpenAI.Audio;

namespace Omnia.Server.Tests;

[Collection(StoriesServerCollection.Name)]
public sealed class AudioEndpointsTests(StoriesServerFixture fixture)
{
    private const string Sentence = "The quick brown fox jumps over the lazy dog.";

    private readonly OmniaServerInstance _server = fixture.Server;

    private AudioClient Audio(string model) =>
        new(model, new ApiKeyCredential("k"), new OpenAIClientOptions { Endpoint = new Uri(_server.BaseAddress, "v1") });

    private static int WordsInCommon(string heard, string said)
    {
        static string[] Words(string s) => s.ToLowerInvariant().Split([' ', '.', ','], StringSplitOptions.RemoveEmptyEntries);
        return Words(heard).Intersect(Words(said)).Count();
    }

    private async Task<(int Status, JsonElement Json, string Body)> PostAudioAsync(string path, byte[] audio, string fileName, params (string Name, string Value)[] fields)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(audio);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        using var response = await _server.Http.PostAsync(path, form);
        var body = await response.Content.ReadAsStringAsync();
        var json = body.StartsWith('{') ? JsonSerializer.Deserialize<JsonElement>(body) : default;
        return ((int)response.StatusCode, json, body);
    }

    [Fact]
    public async Task The_sdk_transcribes_flite_speech_through_pocketsphinx()
    {
        var wav = await SpeechAudio.FliteWavAsync(Sentence);

        AudioTranscription transcription = await Audio("whisper-1").TranscribeAudioAsync(new MemoryStream(wav), "speech.wav");

        Assert.True(WordsInCommon(transcription.Text, Sentence) >= 6, transcription.Text);
    }

    [Fact]
    public async Task The_sdk_reads_verbose_json_with_segments_and_srt_as_text()
    {
        var mp3 = await SpeechAudio.ConvertAsync(await SpeechAudio.FliteWavAsync(Sentence), ".mp3");
        var client = Audio("gpt-4o-transcribe");

        AudioTranscription verbose = await client.TranscribeAudioAsync(new MemoryStream(mp3), "speech.mp3",
            new AudioTranscriptionOptions { ResponseFormat = AudioTranscriptionFormat.Verbose, TimestampGranularities = AudioTimestampGranularities.Segment });
        AudioTranscription srt = await client.TranscribeAudioAsync(new MemoryStream(mp3), "speech.mp3",
            new AudioTranscriptionOptions { ResponseFormat = AudioTranscriptionFormat.Srt });

        Assert.InRange(verbose.Duration!.Value.TotalSeconds, 2, 5);
        Assert.NotEmpty(verbose.Segments);
        Assert.True(verbose.Segments[0].EndTime > verbose.Segments[0].StartTime);
        Assert.StartsWith("1\n00:00:00,000 --> 00:00:0", srt.Text);
    }

    [Fact]
    public async Task The_sdk_translates_english_speech_to_english()
    {
        var wav = await SpeechAudio.FliteWavAsync(Sentence);

        AudioTranslation translation = await Audio("whisper-1").TranslateAudioAsync(new MemoryStream(wav), "speech.wav");

        Assert.True(WordsInCommon(translation.Text, Sentence) >= 6, translation.Text);
    }

    [Fact]
    public async Task Streaming_transcription_sends_deltas_then_done_with_the_final_text()
    {
        var wav = await SpeechAudio.FliteWavAsync("Please call Stella and ask her to bring these things with her from the store.");
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(wav), "file", "speech.wav" },
            { new StringContent("whisper-1"), "model" },
            { new StringContent("true"), "stream" },
        };
        using var response = await _server.Http.PostAsync("v1/audio/transcriptions", form);
        var events = (await response.Content.ReadAsStringAsync()).Split('\n')
            .Where(l => l.StartsWith("data: ", StringComparison.Ordinal))
            .Select(l => JsonSerializer.Deserialize<JsonElement>(l["data: ".Length..])).ToList();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var done = events[^1];
        Assert.Equal("transcript.text.done", done.GetProperty("type").GetString());
        var deltas = events.Where(e => e.GetProperty("type").GetString() == "transcript.text.delta").Select(e => e.GetProperty("delta").GetString()).ToList();
        Assert.NotEmpty(deltas);
        Assert.StartsWith(string.Concat(deltas).Trim(), done.GetProperty("text").GetString());
        Assert.True(WordsInCommon(done.GetProperty("text").GetString()!, "please call stella ask her to bring these things with her from the store") >= 8);
    }

    [Theory]
    [InlineData("mp3", "mp3", "mp3")]
    [InlineData("opus", "ogg", "opus")]
    [InlineData("aac", "aac", "aac")]
    [InlineData("flac", "flac", "flac")]
    [InlineData("wav", "wav", "pcm_s16le")]
    public async Task Speech_decodes_to_the_requested_format_with_a_plausible_duration(string format, string container, string codec)
    {
        var body = new { model = "tts-1", input = "Hello there. How are you today?", voice = "alloy", response_format = format };

        using var response = await _server.Http.PostAsJsonAsync("v1/audio/speech", body);
        var audio = await response.Content.ReadAsByteArrayAsync();
        var probe = await SpeechAudio.ProbeAsync(audio);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains(container, probe.Format);
        Assert.Equal(codec, probe.Codec);
        Assert.InRange(probe.Seconds, 1.0, 5.0);
    }

    [Fact]
    public async Task The_sdk_generates_pcm_at_24_khz_and_speed_shortens_it()
    {
        var client = Audio("tts-1");

        BinaryData normal = await client.GenerateSpeechAsync("One two three four five six seven eight.", GeneratedSpeechVoice.Alloy,
            new SpeechGenerationOptions { ResponseFormat = GeneratedSpeechFormat.Pcm });
        BinaryData fast = await client.GenerateSpeechAsync("One two three four five six seven eight.", GeneratedSpeechVoice.Alloy,
            new SpeechGenerationOptions { ResponseFormat = GeneratedSpeechFormat.Pcm, SpeedRatio = 2f });

        var seconds = normal.ToArray().Length / 2 / 24000.0;
        Assert.InRange(seconds, 1.5, 6);
        Assert.InRange(fast.ToArray().Length / (double)normal.ToArray().Length, 0.3, 0.75);
    }

    [Fact]
    public async Task The_sdk_streams_speech_as_sse_deltas()
    {
        var client = Audio("gpt-4o-mini-tts");
        var audio = new List<byte>();
        var updates = 0;

        await foreach (var update in client.GenerateSpeechStreamingAsync("First sentence. Second sentence. Third one.", GeneratedSpeechVoice.Nova,
                           new SpeechGenerationOptions { ResponseFormat = GeneratedSpeechFormat.Pcm }))
        {
            updates++;
            foreach (var property in update.GetType().GetProperties().Where(p => p.PropertyType == typeof(BinaryData)))
                if (property.GetValue(update) is BinaryData bytes) audio.AddRange(bytes.ToArray());
        }

        Assert.True(updates >= 2);
        Assert.InRange(audio.Count / 2 / 24000.0, 1.0, 8.0);
    }

    [Fact]
    public async Task Corrupt_audio_is_a_400_naming_the_detected_format()
    {
        var (status, json, _) = await PostAudioAsync("v1/audio/transcriptions", "ID3\u0004garbage-that-is-not-mp3-frames"u8.ToArray().Concat(new byte[4000]).ToArray(),
            "x.mp3", ("model", "whisper-1"));

        Assert.Equal(400, status);
        Assert.Equal("invalid_audio", json.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("mp3", json.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Silent_audio_gives_an_empty_transcript()
    {
        var silence = Omnia.Audio.WavWriter.Encode(new Omnia.Audio.PcmAudio(new float[16000 * 2], 16000), Omnia.Audio.WavSampleFormat.Pcm16);

        var (status, json, _) = await PostAudioAsync("v1/audio/transcriptions", silence, "silence.wav", ("model", "whisper-1"));

        Assert.Equal(200, status);
        Assert.Equal("", json.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Speech_input_past_4096_characters_is_a_400()
    {
        using var response = await _server.Http.PostAsJsonAsync("v1/audio/speech", new { model = "tts-1", input = new string('a', 4097), voice = "alloy" });

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("input", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task An_unknown_voice_is_a_400_listing_the_voices()
    {
        using var response = await _server.Http.PostAsJsonAsync("v1/audio/speech", new { model = "tts-1", input = "hi", voice = "nobody" });
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("alloy", error.GetProperty("message").GetString());
        Assert.Contains("en-gb", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Engine_voices_can_be_asked_for_by_name()
    {
        using var response = await _server.Http.PostAsJsonAsync("v1/audio/speech", new { model = "espeak-ng", input = "Guten Tag.", voice = "de", response_format = "wav" });

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task A_language_the_engine_does_not_know_is_a_400()
    {
        var wav = await SpeechAudio.FliteWavAsync("hello");

        var (status, json, _) = await PostAudioAsync("v1/audio/transcriptions", wav, "x.wav", ("model", "whisper-1"), ("language", "de"));

        Assert.Equal(400, status);
        Assert.Equal("language", json.GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task Models_list_the_speech_engines_and_their_roles()
    {
        var models = await _server.Http.GetFromJsonAsync<JsonElement>("v1/models");
        var byId = models.GetProperty("data").EnumerateArray().ToDictionary(m => m.GetProperty("id").GetString()!, m => m.GetProperty("role").GetString());

        Assert.Equal("stt", byId["pocketsphinx-en-us"]);
        Assert.Equal("tts", byId["espeak-ng"]);
    }
}
