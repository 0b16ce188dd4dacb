using System.ClientModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenAI;
using OpenAI.Chat;

namespace Omnia.Server.Tests;

/// <summary>Spoken answers from <c>/v1/chat/completions</c>: stories260K writes, espeak-ng speaks.</summary>
[Collection(StoriesServerCollection.Name)]
public sealed class ChatAudioOutputTests(StoriesServerFixture fixture)
{
    private readonly OmniaServerInstance _server = fixture.Server;

    private static JsonObject SpokenBody(int maxTokens, string format, bool stream)
    {
        var body = ChatRequests.Body("Once upon a time", maxTokens, seed: 5, stream: stream);
        body["ignore_eos"] = true;
        body["modalities"] = new JsonArray("text", "audio");
        body["audio"] = new JsonObject { ["voice"] = "alloy", ["format"] = format };
        return body;
    }

    [Fact]
    public async Task A_streamed_spoken_answer_interleaves_transcript_and_continuous_pcm16_audio()
    {
        var (chunks, done, _) = await ChatRequests.StreamAsync(_server.Http, SpokenBody(300, "pcm16", stream: true));

        Assert.True(done);
        var audioDeltas = chunks.Where(c => c.GetProperty("choices").GetArrayLength() > 0)
            .Select(c => c.GetProperty("choices")[0].GetProperty("delta"))
            .Where(d => d.TryGetProperty("audio", out _)).Select(d => d.GetProperty("audio")).ToList();
        Assert.Single(audioDeltas.Select(a => a.GetProperty("id").GetString()).Distinct());
        Assert.All(audioDeltas, a => Assert.Equal(JsonValueKind.String, a.GetProperty("data").ValueKind));
        Assert.True(audioDeltas[0].GetProperty("expires_at").GetInt64() > DateTimeOffset.UtcNow.ToUnixTimeSeconds());

        var transcript = string.Concat(audioDeltas.Where(a => a.TryGetProperty("transcript", out _)).Select(a => a.GetProperty("transcript").GetString()));
        var pcm = audioDeltas.Select(a => Convert.FromBase64String(a.GetProperty("data").GetString()!)).Where(b => b.Length > 0).ToList();
        Assert.NotEmpty(transcript);
        Assert.All(pcm, bytes => Assert.Equal(0, bytes.Length % 2));
        Assert.InRange(pcm.Sum(b => b.Length) / 2 / 24000.0, 2.0, 600);

        var firstAudio = audioDeltas.FindIndex(a => a.GetProperty("data").GetString()!.Length > 0);
        var lastText = audioDeltas.FindLastIndex(a => a.TryGetProperty("transcript", out _));
        Assert.True(firstAudio < lastText, $"first audio delta at {firstAudio}, last text delta at {lastText}");
    }

    [Fact]
    public async Task A_whole_spoken_answer_has_audio_data_and_transcript_and_no_content()
    {
        var (status, json) = await ChatRequests.PostAsync(_server.Http, SpokenBody(30, "mp3", stream: false));

        Assert.Equal(200, status);
        var message = json.GetProperty("choices")[0].GetProperty("message");
        Assert.Equal(JsonValueKind.Null, message.GetProperty("content").ValueKind);
        var audio = message.GetProperty("audio");
        Assert.StartsWith("audio_", audio.GetProperty("id").GetString());
        Assert.NotEmpty(audio.GetProperty("transcript").GetString()!);
        var probe = await SpeechAudio.ProbeAsync(Convert.FromBase64String(audio.GetProperty("data").GetString()!));
        Assert.Equal("mp3", probe.Codec);
        Assert.True(probe.Seconds > 0.5);
    }

    [Fact]
    public async Task A_later_turn_can_refer_to_an_earlier_spoken_answer_by_id()
    {
        var (_, first) = await ChatRequests.PostAsync(_server.Http, SpokenBody(20, "wav", stream: false));
        var id = first.GetProperty("choices")[0].GetProperty("message").GetProperty("audio").GetProperty("id").GetString();
        var follow = JsonNode.Parse($$$"""
            {"model":"stories260k","max_tokens":5,"seed":1,"messages":[
              {"role":"user","content":"Once upon a time"},
              {"role":"assistant","audio":{"id":"{{{id}}}"}},
              {"role":"user","content":"And then?"}]}
            """)!.AsObject();
        var unknown = JsonNode.Parse("""
            {"model":"stories260k","max_tokens":5,"messages":[{"role":"assistant","audio":{"id":"audio_nope"}},{"role":"user","content":"x"}]}
            """)!.AsObject();

        var (status, answer) = await ChatRequests.PostAsync(_server.Http, follow);
        var (badStatus, error) = await ChatRequests.PostAsync(_server.Http, unknown);

        Assert.Equal(200, status);
        Assert.True(answer.GetProperty("usage").GetProperty("prompt_tokens").GetInt32() > 20);
        Assert.Equal(400, badStatus);
        Assert.Equal("messages[0].audio.id", error.GetProperty("error").GetProperty("param").GetString());
    }

    [Theory]
    [InlineData("""{"modalities":["text","audio"]}""", "audio")]
    [InlineData("""{"modalities":["text","audio"],"audio":{"voice":"alloy","format":"ogg"}}""", "audio.format")]
    [InlineData("""{"modalities":["text","audio"],"audio":{"voice":"nobody","format":"wav"}}""", "audio.voice")]
    [InlineData("""{"modalities":["video"]}""", "modalities[0]")]
    [InlineData("""{"stream":true,"modalities":["text","audio"],"audio":{"voice":"alloy","format":"mp3"}}""", "audio.format")]
    public async Task Bad_audio_options_are_400s_naming_the_param(string extra, string param)
    {
        var body = ChatRequests.Body("hi", 5);
        foreach (var (key, value) in JsonNode.Parse(extra)!.AsObject()) body[key] = value?.DeepClone();

        var (status, json) = await ChatRequests.PostAsync(_server.Http, body);

        Assert.Equal(400, status);
        Assert.Equal(param, json.GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task The_sdk_reads_spoken_answers_whole_and_streamed()
    {
        var client = new ChatClient("stories260k", new ApiKeyCredential("k"), new OpenAIClientOptions { Endpoint = new Uri(_server.BaseAddress, "v1") });
        var whole = new ChatCompletionOptions
        {
            ResponseModalities = ChatResponseModalities.Text | ChatResponseModalities.Audio,
            AudioOptions = new ChatAudioOptions(ChatOutputAudioVoice.Alloy, ChatOutputAudioFormat.Wav),
            MaxOutputTokenCount = 20,
        };
        var streamed = new ChatCompletionOptions
        {
            ResponseModalities = ChatResponseModalities.Text | ChatResponseModalities.Audio,
            AudioOptions = new ChatAudioOptions(ChatOutputAudioVoice.Alloy, ChatOutputAudioFormat.Pcm16),
            MaxOutputTokenCount = 40,
        };

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Once upon a time")], whole);
        var transcript = new System.Text.StringBuilder();
        long bytes = 0;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Once upon a time")], streamed))
        {
            if (update.OutputAudioUpdate is { } audio)
            {
                transcript.Append(audio.TranscriptUpdate);
                bytes += audio.AudioBytesUpdate?.ToArray().Length ?? 0;
            }
        }

        Assert.NotNull(completion.OutputAudio);
        Assert.NotEmpty(completion.OutputAudio.Transcript);
        Assert.StartsWith("RIFF", System.Text.Encoding.ASCII.GetString(completion.OutputAudio.AudioBytes.ToArray(), 0, 4));
        Assert.NotEmpty(transcript.ToString());
        Assert.True(bytes > 24000, $"{bytes} bytes of pcm16");
    }
}
