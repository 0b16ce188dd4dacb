using System.Net.Http.Headers;
using System.Text;

namespace Omnia.Server.Tests.Validation;

/// <summary>
/// Wrong types and values in <c>/v1/audio/speech</c> JSON and in <c>/v1/audio/transcriptions</c> multipart forms —
/// broken, truncated or oversized forms included — are 4xx naming the problem, never a 500.
/// </summary>
[Collection(StoriesServerCollection.Name)]
public sealed class AudioValidationTests(StoriesServerFixture fixture)
{
    private const string Transcriptions = "v1/audio/transcriptions";
    private const string Speech = "v1/audio/speech";

    private readonly HttpClient _http = fixture.Server.Http;

    private static string SpeechBody(string extra) => $$"""{"model":"tts-1","voice":"alloy","input":"hello",{{extra}}}""";

    public static TheoryData<string, string> SpeechWrongValues => new()
    {
        { SpeechBody(""" "speed":1e39"""), "speed" },
        { SpeechBody(""" "speed":"fast" """), "speed" },
        { SpeechBody(""" "speed":0.1"""), "speed" },
        { SpeechBody(""" "input":5""").Replace("\"input\":\"hello\",", ""), "input" },
        { SpeechBody(""" "input":"hi \ud800" """).Replace("\"input\":\"hello\",", ""), "input" },
        { SpeechBody(""" "voice":["alloy"]""").Replace("\"voice\":\"alloy\",", ""), "voice" },
        { SpeechBody(""" "response_format":5"""), "response_format" },
        { SpeechBody(""" "stream_format":{}"""), "stream_format" },
        { SpeechBody(""" "instructions":5"""), "instructions" },
    };

    [Theory]
    [MemberData(nameof(SpeechWrongValues))]
    public async Task A_wrong_speech_field_is_a_400_naming_it(string body, string param)
    {
        var (status, response) = await RawPosts.PostJsonAsync(_http, Speech, body);

        RawPosts.AssertBadRequest(status, response, param);
    }

    [Fact]
    public async Task A_huge_speech_model_name_is_not_echoed_back()
    {
        var body = SpeechBody($"\"model\":\"{new string('m', 1024 * 1024)}\"").Replace("\"model\":\"tts-1\",", "");

        var (status, response) = await RawPosts.PostJsonAsync(_http, Speech, body);

        RawPosts.AssertBadRequest(status, response, "model");
        Assert.True(response.Length < 2048, $"the error body is {response.Length} bytes");
    }

    private static MultipartFormDataContent Form(params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(new byte[1000]);
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(file, "file", "a.wav");
        if (!fields.Any(f => f.Name == "model")) form.Add(new StringContent("whisper-1"), "model");
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        return form;
    }

    [Theory]
    [InlineData("temperature", "NaN")]
    [InlineData("temperature", "Infinity")]
    [InlineData("temperature", "-Infinity")]
    [InlineData("temperature", "2")]
    [InlineData("temperature", "warm")]
    [InlineData("stream", "maybe")]
    [InlineData("response_format", "xml")]
    [InlineData("timestamp_granularities[]", "sentence")]
    [InlineData("model", "../x")]
    public async Task A_wrong_form_field_is_a_400_naming_it(string name, string value)
    {
        using var form = Form((name, value));

        var (status, response) = await RawPosts.PostAsync(_http, Transcriptions, form);

        RawPosts.AssertBadRequest(status, response, name);
    }

    [Fact]
    public async Task A_huge_form_model_name_is_not_echoed_back()
    {
        using var form = Form(("model", new string('m', 1024 * 1024)));

        var (status, response) = await RawPosts.PostAsync(_http, Transcriptions, form);

        Assert.True(status is 400 or 413, $"{status}: {response}");
        Assert.True(response.Length < 2048, $"the error body is {response.Length} bytes");
    }

    private static ByteArrayContent RawMultipart(string contentType, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private static byte[] Part(string boundary, string name, string value, string extraHeaders = "") =>
        Encoding.UTF8.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n{extraHeaders}\r\n{value}\r\n");

    private static byte[] End(string boundary) => Encoding.UTF8.GetBytes($"--{boundary}--\r\n");

    /// <summary>Each body carries a real WAV, so only the form's own fault can make it fail; the expected code is null where the form parses.</summary>
    public static TheoryData<string, string, string?> BrokenForms()
    {
        const string b = "XyZ";
        var file = Encoding.UTF8.GetBytes($"--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\nContent-Type: audio/wav\r\n\r\n")
            .Concat(ToneWav.Create()).Concat("\r\n"u8.ToArray()).ToArray();
        var complete = file.Concat(Part(b, "model", "whisper-1")).Concat(End(b)).ToArray();
        var manyFields = file.Concat(Enumerable.Range(0, 1100).SelectMany(i => Part(b, $"f{i}", "v"))).Concat(End(b)).ToArray();
        var hugeHeader = Part(b, "model", "whisper-1", $"X-Pad: {new string('h', 100_000)}\r\n").Concat(file).Concat(End(b)).ToArray();
        var manyHeaders = Part(b, "model", "whisper-1", string.Concat(Enumerable.Range(0, 100).Select(i => $"X-H{i}: v\r\n"))).Concat(file).Concat(End(b)).ToArray();
        var longKey = file.Concat(Part(b, "model", "whisper-1")).Concat(Part(b, new string('k', 10_000), "v")).Concat(End(b)).ToArray();
        var longValue = file.Concat(Part(b, "model", "whisper-1")).Concat(Part(b, "prompt", new string('p', 1024 * 1024))).Concat(End(b)).ToArray();
        return new TheoryData<string, string, string?>
        {
            { "multipart/form-data", Convert.ToBase64String(complete), "invalid_multipart" },
            { "multipart/form-data; boundary=", Convert.ToBase64String(complete), "invalid_multipart" },
            { $"multipart/form-data; boundary={new string('b', 200)}", Convert.ToBase64String(complete), "invalid_multipart" },
            { $"multipart/form-data; boundary={b}", Convert.ToBase64String(complete[..(complete.Length / 2)]), "invalid_multipart" },
            { $"multipart/form-data; boundary={b}", Convert.ToBase64String(complete[..^8]), "invalid_multipart" },
            { $"multipart/form-data; boundary={b}", Convert.ToBase64String(manyFields), "invalid_multipart" },
            { $"multipart/form-data; boundary={b}", Convert.ToBase64String(hugeHeader), "invalid_multipart" },
            { $"multipart/form-data; boundary={b}", Convert.ToBase64String(manyHeaders), "invalid_multipart" },
            { $"multipart/form-data; boundary={b}", Convert.ToBase64String(longKey), "invalid_multipart" },
            { $"multipart/form-data; boundary={b}", Convert.ToBase64String(longValue), "string_above_max_length" },
            { $"multipart/form-data; boundary={b}", Convert.ToBase64String("garbage without any boundary"u8.ToArray()), "invalid_multipart" },
            { $"multipart/form-data; boundary={b}", "", null },
        };
    }

    [Theory]
    [MemberData(nameof(BrokenForms))]
    public async Task A_broken_multipart_body_is_a_4xx_in_the_error_shape(string contentType, string base64Body, string? code)
    {
        using var content = RawMultipart(contentType, Convert.FromBase64String(base64Body));

        var (status, response) = await RawPosts.PostAsync(_http, Transcriptions, content);

        Assert.True(status is 400 or 413, $"{status}: {response}");
        var error = RawPosts.Error(response);
        if (code is not null) Assert.Equal(code, error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_same_form_whole_is_transcribed()
    {
        const string b = "XyZ";
        var body = Encoding.UTF8.GetBytes($"--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\nContent-Type: audio/wav\r\n\r\n")
            .Concat(ToneWav.Create()).Concat("\r\n"u8.ToArray()).Concat(Part(b, "model", "whisper-1")).Concat(End(b)).ToArray();
        using var content = RawMultipart($"multipart/form-data; boundary={b}", body);

        var (status, response) = await RawPosts.PostAsync(_http, Transcriptions, content);

        Assert.True(status == 200, response);
    }

    [Fact]
    public async Task The_server_still_transcribes_after_broken_forms()
    {
        foreach (var row in BrokenForms())
        {
            using var content = RawMultipart((string)row[0], Convert.FromBase64String((string)row[1]));
            await RawPosts.PostAsync(_http, Transcriptions, content);
        }
        var wav = await SpeechAudio.FliteWavAsync("hello");
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(wav), "file", "a.wav");
        form.Add(new StringContent("whisper-1"), "model");

        var (status, response) = await RawPosts.PostAsync(_http, Transcriptions, form);

        Assert.True(status == 200, response);
    }
}
