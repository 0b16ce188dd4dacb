using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CsCheck;
using Xunit.Abstractions;
using Omnia.Server.Tests.Validation;

namespace Omnia.Server.Tests.Fuzz;

/// <summary>
/// Property: whatever a client sends to the chat, speech and transcription endpoints of a real stories260K server,
/// the answer is 2xx, or 4xx in OpenAI's error shape (and a few KB at most), or a 503 <c>overloaded</c> — never another
/// 5xx — and the server still answers afterwards. A failure prints CsCheck's seed, which replays the exact case.
/// </summary>
[Collection(StoriesServerCollection.Name)]
public sealed class RequestFuzzTests(StoriesServerFixture fixture, ITestOutputHelper output)
{
    private readonly HttpClient _http = fixture.Server.Http;
    private readonly ConcurrentDictionary<int, int> _statuses = new();

    private static readonly (string, string[])[] ChatTemplates =
    [
        ("""{"model":"stories260k","max_tokens":2,"messages":[{"role":"user","content":"Once upon a time"}],"temperature":0.5,"top_p":0.9,"seed":1,"stop":["x"],"stream":false}""",
            ["model", "max_tokens", "messages", "messages[0]", "messages[0].role", "messages[0].content", "messages[0].name", "temperature", "top_p", "seed",
             "stop", "stream", "stream_options", "n", "presence_penalty", "frequency_penalty", "top_k", "min_p", "repeat_penalty", "logprobs", "user",
             "modalities", "audio", "response_format", "max_completion_tokens", "parallel_tool_calls", "tools", "tool_choice"]),
        ("""{"model":"stories260k","max_tokens":2,"messages":[{"role":"user","content":[{"type":"text","text":"hi"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA","detail":"low"}},{"type":"input_audio","input_audio":{"data":"UklGRg==","format":"wav"}}]}]}""",
            ["messages[0].content", "messages[0].content[0]", "messages[0].content[0].type", "messages[0].content[0].text", "messages[0].content[1]",
             "messages[0].content[1].image_url", "messages[0].content[1].image_url.url", "messages[0].content[1].image_url.detail", "messages[0].content[2]",
             "messages[0].content[2].input_audio", "messages[0].content[2].input_audio.data", "messages[0].content[2].input_audio.format"]),
        ("""{"model":"stories260k","max_tokens":2,"stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"system","content":"s"},{"role":"user","content":"hi"},{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}]},{"role":"tool","tool_call_id":"c1","content":"42"}],"tools":[{"type":"function","function":{"name":"f","description":"d","parameters":{"type":"object","properties":{}}}}],"tool_choice":{"type":"function","function":{"name":"f"}}}""",
            ["stream", "stream_options", "stream_options.include_usage", "messages[2]", "messages[2].content", "messages[2].tool_calls", "messages[2].tool_calls[0]",
             "messages[2].tool_calls[0].id", "messages[2].tool_calls[0].function", "messages[2].tool_calls[0].function.name", "messages[2].tool_calls[0].function.arguments",
             "messages[3].tool_call_id", "messages[3].content", "tools", "tools[0]", "tools[0].type", "tools[0].function", "tools[0].function.name",
             "tools[0].function.description", "tools[0].function.parameters", "tool_choice", "tool_choice.type", "tool_choice.function", "tool_choice.function.name"]),
        ("""{"model":"stories260k","max_tokens":2,"messages":[{"role":"user","content":"hi"}],"modalities":["text","audio"],"audio":{"voice":"alloy","format":"wav"},"response_format":{"type":"json_object"}}""",
            ["modalities", "modalities[0]", "modalities[1]", "audio", "audio.voice", "audio.format", "response_format", "response_format.type", "response_format.json_schema"]),
    ];

    private static readonly (string, string[])[] SpeechTemplates =
    [
        ("""{"model":"tts-1","voice":"alloy","input":"hi","response_format":"wav","speed":1,"stream_format":"audio"}""",
            ["model", "voice", "input", "response_format", "speed", "stream_format", "instructions"]),
    ];

    [Fact]
    public async Task Hostile_chat_bodies_never_get_a_5xx()
    {
        await HostileJson.Mutated(ChatTemplates).SampleAsync(body => AssertAnswerAsync("v1/chat/completions", Json(body)), iter: 300, threads: 4);

        AssertBothAnswersSeen();
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task Hostile_speech_bodies_never_get_a_5xx()
    {
        await HostileJson.Mutated(SpeechTemplates).SampleAsync(body => AssertAnswerAsync("v1/audio/speech", Json(body)), iter: 150, threads: 4);

        AssertBothAnswersSeen();
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task Hostile_transcription_forms_never_get_a_5xx()
    {
        await HostileMultipart.Body.SampleAsync(form => AssertAnswerAsync("v1/audio/transcriptions", form.ToContent()), iter: 150, threads: 4, print: form => form.ToString());

        output.WriteLine(Tally());
        await AssertStillServesAsync();
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private async Task AssertAnswerAsync(string path, HttpContent content)
    {
        using var _ = content;
        var (status, body) = await RawPosts.PostAsync(_http, path, content);
        _statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
        if (status is >= 200 and < 300) return;
        Assert.True(status is >= 400 and < 500 || status == 503, $"{status}: {Clip(body)}");
        var error = RawPosts.Error(body);
        // Errors quote clipped values: a 20,000-character bad field does not come back whole.
        Assert.True(body.Length < 4096, $"a {body.Length}-character error body: {Clip(body)}");
        if (status == 503) Assert.Equal("overloaded", error.GetProperty("code").GetString());
    }

    /// <summary>Mutations that leave a request valid get answered, the others refused: the fuzzer reaches both paths.</summary>
    private void AssertBothAnswersSeen()
    {
        output.WriteLine(Tally());
        Assert.Contains(_statuses.Keys, status => status is >= 200 and < 300);
        Assert.Contains(_statuses.Keys, status => status is >= 400 and < 500);
    }

    private string Tally() => string.Join(", ", _statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"));

    private async Task AssertStillServesAsync()
    {
        var (status, body) = await RawPosts.PostJsonAsync(_http, "v1/chat/completions", ChatRequests.Body("hi", 2).ToJsonString());
        Assert.True(status == 200, body);
        Assert.Equal("chat.completion", JsonDocument.Parse(body).RootElement.GetProperty("object").GetString());
    }

    private static string Clip(string body) => body.Length <= 500 ? body : body[..500];
}
