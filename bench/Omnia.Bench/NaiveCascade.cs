using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Omnia.Audio;

namespace Omnia.Bench;

/// <summary>
/// The old three-model Voice Mode over HTTP, with the same engines: the whole utterance to
/// <c>/v1/audio/transcriptions</c>, then the whole <c>/v1/chat/completions</c> answer, then <c>/v1/audio/speech</c>
/// as pcm, timed to its first audio byte. The clock starts at the true end of speech, as if an ideal endpointer had
/// handed the utterance over at once (the cascade gets no VAD delay).
/// </summary>
internal sealed class NaiveCascade(HttpClient http, string chatModel, string instructions, int? maxTokens)
{
    public async Task<NaiveCascadeTurn> RunAsync(SpokenUtterance utterance, CancellationToken cancellationToken)
    {
        var wav = WavWriter.Encode(new PcmAudio(utterance.Samples.AsMemory(0, utterance.SpeechEnd), SpokenUtterance.SampleRate));
        var clock = Stopwatch.StartNew();

        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(wav);
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(file, "file", "utterance.wav");
        form.Add(new StringContent("whisper-1"), "model");
        using var heard = await http.PostAsync(new Uri("v1/audio/transcriptions", UriKind.Relative), form, cancellationToken);
        var transcript = (await ReadJsonAsync(heard, cancellationToken)).GetProperty("text").GetString() ?? "";
        var transcribed = clock.Elapsed.TotalMilliseconds;

        using var answered = await http.PostAsJsonAsync(new Uri("v1/chat/completions", UriKind.Relative), new
        {
            model = chatModel,
            max_tokens = maxTokens,
            messages = new object[] { new { role = "system", content = instructions }, new { role = "user", content = transcript } },
        }, cancellationToken);
        var answer = (await ReadJsonAsync(answered, cancellationToken)).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
        var chatted = clock.Elapsed.TotalMilliseconds;

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("v1/audio/speech", UriKind.Relative))
        {
            Content = JsonContent.Create(new { model = "tts-1", voice = "alloy", response_format = "pcm", input = string.IsNullOrWhiteSpace(answer) ? "Okay." : answer }),
        };
        using var spoken = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!spoken.IsSuccessStatusCode) throw new HttpRequestException($"/v1/audio/speech answered {(int)spoken.StatusCode}: {await spoken.Content.ReadAsStringAsync(cancellationToken)}");
        await using var body = await spoken.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[4096];
        var firstByte = await body.ReadAsync(buffer, cancellationToken) > 0 ? clock.Elapsed.TotalMilliseconds : double.NaN;
        while (await body.ReadAsync(buffer, cancellationToken) > 0)
        {
            // The whole answer's audio, so the last-byte time is known too.
        }
        return new NaiveCascadeTurn(transcribed, chatted - transcribed, firstByte - chatted, firstByte, clock.Elapsed.TotalMilliseconds);
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<JsonElement>(text);
    }
}
