using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Omnia.Bench.Fuzz;

namespace Omnia.Bench.Tests.Fuzz;

public sealed class FuzzCorpusTests
{
    public static TheoryData<string> Corpora => new(HttpCorpora.Names);

    [Theory]
    [MemberData(nameof(Corpora))]
    public void Every_request_can_be_sent_and_stays_within_the_body_limit(string name)
    {
        var corpus = HttpCorpora.Create(name);
        var baseAddress = new Uri("http://127.0.0.1:8080/");
        foreach (var request in corpus.Findings.Concat(Enumerable.Range(0, 300).Select(i => corpus.Next(new Random(i)))))
        {
            Assert.True((request.Body?.Length ?? 0) <= HttpCorpora.MaxBody, $"{request.Case} is {request.Body?.Length} bytes");
            using var message = request.ToHttpRequestMessage(baseAddress);
            Assert.StartsWith(baseAddress.AbsoluteUri, message.RequestUri!.AbsoluteUri, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_valid_chat_request_is_valid_json_with_a_small_answer()
    {
        var valid = Enumerable.Range(0, 200).Select(i => new ChatCorpus("stories260K", HttpCorpora.MaxBody).Next(new Random(i))).First(r => r.Case == "valid");

        using var body = JsonDocument.Parse(valid.Body);

        Assert.Equal("stories260K", body.RootElement.GetProperty("model").GetString());
        Assert.InRange(body.RootElement.GetProperty("max_tokens").GetInt32(), 1, 8);
    }

    [Fact]
    public void Every_schema_finding_of_the_issue_is_in_the_chat_corpus()
    {
        var corpus = new ChatCorpus("stories260K", HttpCorpora.MaxBody);

        foreach (var (name, schema) in HostileSchemas.Findings)
        {
            var finding = Assert.Single(corpus.Findings, f => f.Case == $"finding:schema:{name}");
            Assert.True(finding.Body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(schema)) >= 0, $"{name} is not in its request");
        }
    }

    [Fact]
    public void The_invalid_utf8_finding_holds_bytes_that_are_not_utf8()
    {
        var finding = Assert.Single(new ChatCorpus("stories260K", HttpCorpora.MaxBody).Findings, f => f.Case == "finding:utf8:invalid");

        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(finding.Body!));
    }

    [Fact]
    public void The_wav_findings_declare_the_rates_of_the_issue()
    {
        Assert.Equal(2_048_000_000, BinaryPrimitives.ReadInt32LittleEndian(AudioCorpus.WavTwoGigahertz().AsSpan(24)));
        Assert.Equal(16, BinaryPrimitives.ReadInt32LittleEndian(AudioCorpus.WavSixteenHertz().AsSpan(24)));
        Assert.Equal(40_000, AudioCorpus.WavTwoGigahertz().Length - 44);
    }

    [Fact]
    public async Task The_valid_upload_is_multipart_that_aspnetcore_reads_as_a_file_and_a_model()
    {
        var form = new Multipart().File("file", "tone.wav", MediaBytes.ToneWav()).Field("model", "whisper-1");
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(form.ContentType).Boundary).Value!;

        var reader = new MultipartReader(boundary, new MemoryStream(form.ToArray()));
        var parts = new List<(string Disposition, byte[] Content)>();
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            using var content = new MemoryStream();
            await section.Body.CopyToAsync(content);
            parts.Add((section.ContentDisposition!, content.ToArray()));
        }

        Assert.Equal(2, parts.Count);
        Assert.Contains("filename=\"tone.wav\"", parts[0].Disposition, StringComparison.Ordinal);
        Assert.Equal(MediaBytes.ToneWav(), parts[0].Content);
        Assert.Equal("whisper-1", Encoding.UTF8.GetString(parts[1].Content));
    }

    [Fact]
    public void Every_realtime_session_sends_a_few_messages_and_the_finding_sends_10_MB_items()
    {
        var corpus = new RealtimeCorpus(HttpCorpora.MaxBody);

        var sessions = Enumerable.Range(0, 200).Select(i => corpus.Next(new Random(i))).ToList();
        var finding = Assert.Single(corpus.Findings);

        Assert.All(sessions, s => Assert.InRange(s.Messages.Count, 3, 7));
        Assert.All(sessions, s => Assert.Contains("max_output_tokens", Encoding.UTF8.GetString(s.Messages[0].Payload), StringComparison.Ordinal));
        Assert.All(finding.Messages, m => Assert.InRange(m.Payload.Length, (10 << 20) - 2048, HttpCorpora.MaxBody));
    }
}
