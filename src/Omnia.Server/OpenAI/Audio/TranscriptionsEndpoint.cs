using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Omnia.Audio;
using Omnia.Models;
using Omnia.Server.Errors;
using Omnia.Speech;

namespace Omnia.Server.OpenAI.Audio;

/// <summary>
/// <c>POST /v1/audio/transcriptions</c> and <c>/v1/audio/translations</c>: a multipart upload in any container, decoded
/// while it streams (with size and duration limits) to 16 kHz mono, then recognised by the chosen engine.
/// </summary>
internal static class TranscriptionsEndpoint
{
    public static Task<IResult> TranscribeAsync(HttpContext context, ModelRegistry registry, AudioCodec codec, IOptions<OmniaServerOptions> options) =>
        HandleAsync(context, registry, codec, options.Value, translate: false);

    public static Task<IResult> TranslateAsync(HttpContext context, ModelRegistry registry, AudioCodec codec, IOptions<OmniaServerOptions> options) =>
        HandleAsync(context, registry, codec, options.Value, translate: true);

    private static async Task<IResult> HandleAsync(HttpContext context, ModelRegistry registry, AudioCodec codec, OmniaServerOptions options, bool translate)
    {
        var cancellation = context.RequestAborted;
        var form = await TranscriptionForm.ReadAsync(context.Request, options.MaxRequestBodyBytes, cancellation);
        var language = form.Language;
        var (served, client) = SpeechModels.SpeechToText(registry, form.Model);
        if (language is not null && served.Languages.Count > 0 && !served.Languages.Contains(language, StringComparer.OrdinalIgnoreCase))
            throw ApiException.BadRequest($"Model '{served.Id}' recognises {string.Join(", ", served.Languages)} only, not {Echo.Quote(language)}.", "language", "unsupported_language");

        var speechOptions = new SpeechToTextOptions
        {
            ModelId = served.Id,
            SpeechLanguage = language,
            SpeechSampleRate = SpeechProperties.InputSampleRate,
            TextLanguage = translate ? "en" : null,
            AdditionalProperties = new AdditionalPropertiesDictionary(),
        };
        if (translate) speechOptions.AdditionalProperties[SpeechProperties.Task] = "translate";
        if (form.Prompt is { } prompt) speechOptions.AdditionalProperties[SpeechProperties.Prompt] = prompt;
        if (form.Temperature is { } temperature) speechOptions.AdditionalProperties[SpeechProperties.Temperature] = temperature;

        ReadOnlyMemory<byte> pcm;
        await using (var upload = form.File.OpenReadStream())
            pcm = await DecodePcm16Async(codec, upload, options.AudioLimits, cancellation);
        var duration = TimeSpan.FromSeconds(pcm.Length / 2.0 / SpeechProperties.InputSampleRate);
        var usage = new TranscriptionUsage(Math.Round(duration.TotalSeconds, 3));

        if (form.Stream)
        {
            var updates = client.GetStreamingTextAsync(ReadOnly(pcm), speechOptions, cancellation);
            return TypedResults.ServerSentEvents(StreamEvents(updates, usage, cancellation));
        }

        var segments = new List<TranscriptSegment>();
        string? detected = null;
        await foreach (var update in client.GetStreamingTextAsync(ReadOnly(pcm), speechOptions, cancellation))
        {
            if (update.AdditionalProperties?.TryGetValue(SpeechProperties.Language, out var found) == true && found is string code) detected = code;
            if (update.Kind != SpeechToTextResponseUpdateKind.TextUpdated || update.Text.Trim().Length == 0) continue;
            segments.Add(new TranscriptSegment(segments.Count, Seconds(update.StartTime), Seconds(update.EndTime ?? duration), update.Text.Trim()));
        }
        var text = string.Join(' ', segments.Select(x => x.Text));

        var granularities = form.TimestampGranularities;
        return form.ResponseFormat switch
        {
            "text" => Results.Text(text, "text/plain"),
            "srt" => Results.Text(Subtitles.Srt(segments), "text/plain"),
            "vtt" => Results.Text(Subtitles.Vtt(segments), "text/plain"),
            "verbose_json" => Results.Json(new VerboseTranscription(
                translate ? "translate" : "transcribe",
                translate ? "english" : detected ?? language ?? (served.Languages.Count > 0 ? served.Languages[0] : "unknown"),
                usage.Seconds, text,
                granularities.Contains("segment") || granularities.Count == 0 ? segments : null,
                granularities.Contains("word") ? [] : null,
                usage), OpenAIJson.Options),
            _ => Results.Json(new TranscriptionJson(text, usage), OpenAIJson.Options),
        };
    }

    /// <summary>
    /// Partial hypotheses may revise their last words, so deltas carry only the settled part — every word but the
    /// last — and only where it extends what was already sent. <c>transcript.text.done</c> has the final text.
    /// </summary>
    private static async IAsyncEnumerable<string> StreamEvents(
        IAsyncEnumerable<SpeechToTextResponseUpdate> updates, TranscriptionUsage usage, [EnumeratorCancellation] CancellationToken cancellation)
    {
        var sent = "";
        var final = new List<string>();
        await foreach (var update in updates.WithCancellation(cancellation))
        {
            var finished = update.Kind == SpeechToTextResponseUpdateKind.TextUpdated;
            var current = !finished && update.AdditionalProperties?.TryGetValue(SpeechProperties.PartialText, out var partial) == true && partial is string p
                ? p.Trim()
                : update.Text.Trim();
            var hypothesis = string.Join(' ', final.Append(current).Where(t => t.Length > 0));
            if (finished)
            {
                if (current.Length > 0) final.Add(current);
            }
            else
            {
                hypothesis = hypothesis.LastIndexOf(' ') is var space and > 0 ? hypothesis[..(space + 1)] : "";
            }
            if (hypothesis.Length > sent.Length && hypothesis.StartsWith(sent, StringComparison.Ordinal))
            {
                yield return JsonSerializer.Serialize(new TranscriptTextDelta(hypothesis[sent.Length..]), OpenAIJson.Options);
                sent = hypothesis;
            }
        }
        yield return JsonSerializer.Serialize(new TranscriptTextDone(string.Join(' ', final), usage), OpenAIJson.Options);
    }

    /// <summary>Decodes the upload straight to the engines' 16-bit PCM, chunk by chunk, so the request holds the audio once
    /// (2 bytes a sample) rather than as floats and then bytes; the decoder's limits bound it.</summary>
    private static async Task<ReadOnlyMemory<byte>> DecodePcm16Async(AudioCodec codec, Stream upload, AudioLimits limits, CancellationToken cancellation)
    {
        var pcm = new ArrayBufferWriter<byte>();
        await foreach (var chunk in codec.DecodeStreamingAsync(upload, SpeechProperties.InputSampleRate, 1, limits, cancellation))
        {
            var bytes = chunk.Samples.Length * 2;
            PcmConverter.FloatToPcm16Bytes(chunk.Samples.Span, pcm.GetSpan(bytes));
            pcm.Advance(bytes);
        }
        return pcm.WrittenMemory;
    }

    private static MemoryStream ReadOnly(ReadOnlyMemory<byte> pcm) =>
        MemoryMarshal.TryGetArray(pcm, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(pcm.ToArray(), writable: false);

    private static double Seconds(TimeSpan? time) => Math.Round((time ?? TimeSpan.Zero).TotalSeconds, 3);
}
