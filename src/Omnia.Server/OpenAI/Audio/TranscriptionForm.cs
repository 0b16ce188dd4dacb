using System.Globalization;
using Microsoft.AspNetCore.Http;
using Omnia.Server.Errors;

namespace Omnia.Server.OpenAI.Audio;

/// <summary>
/// Reads a transcription upload into a <see cref="TranscriptionRequest"/> under <see cref="MultipartForm"/>'s limits.
/// Nothing but an <see cref="ApiException"/> (or the client going away) leaves here.
/// </summary>
internal static class TranscriptionForm
{
    private static readonly string[] Formats = ["json", "text", "srt", "verbose_json", "vtt"];
    private static readonly string[] Granularities = ["word", "segment"];

    public static async Task<TranscriptionRequest> ReadAsync(HttpRequest request, long maxBodyBytes, CancellationToken cancellation)
    {
        var form = await MultipartForm.ReadAsync(request, maxBodyBytes, "file", cancellation);

        var file = form.Files.GetFile("file") ?? throw JsonFields.Missing("file");
        if (file.Length == 0) throw ApiException.BadRequest("The uploaded file is empty.", "file", "invalid_audio");
        var format = One(form, "response_format") ?? "json";
        if (!Formats.Contains(format))
            throw ApiException.BadRequest($"Invalid value for 'response_format': {Echo.Quote(format)}. Supported: {string.Join(", ", Formats)}.", "response_format");
        var granularities = Many(form, "timestamp_granularities[]").Concat(Many(form, "timestamp_granularities")).ToList();
        foreach (var granularity in granularities.Where(g => !Granularities.Contains(g)))
            throw ApiException.BadRequest($"Invalid value for 'timestamp_granularities[]': {Echo.Quote(granularity)}. Supported: word, segment.", "timestamp_granularities[]");

        return new TranscriptionRequest(
            file,
            One(form, "model"),
            One(form, "language") is { Length: > 0 } language ? language : null,
            One(form, "prompt") is { Length: > 0 } prompt ? prompt : null,
            format,
            Temperature(One(form, "temperature")),
            Stream(One(form, "stream")),
            granularities);
    }

    private static string? One(IFormCollection form, string name) => MultipartForm.One(form, name);

    private static IEnumerable<string> Many(IFormCollection form, string name) => MultipartForm.Many(form, name);

    private static float? Temperature(string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        // float.TryParse accepts "NaN" and "Infinity"; neither is a temperature.
        if (!float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) || !float.IsFinite(t) || t is < 0 or > 1)
            throw ApiException.BadRequest("temperature must be a number between 0 and 1.", "temperature", "invalid_value");
        return t;
    }

    private static bool Stream(string? value) => value switch
    {
        null or "" => false,
        _ when bool.TryParse(value, out var stream) => stream,
        _ => throw ApiException.BadRequest($"Invalid value for 'stream': {Echo.Quote(value)}. Supported: true, false.", "stream", "invalid_value"),
    };
}
