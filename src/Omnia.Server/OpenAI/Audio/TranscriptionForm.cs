using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Omnia.Server.Errors;

namespace Omnia.Server.OpenAI.Audio;

/// <summary>
/// Reads a transcription upload into a <see cref="TranscriptionRequest"/> under explicit multipart limits. A form
/// without a boundary, truncated, with too many or too long fields or headers is a 400 naming the problem; a body
/// over the server's size limit is Kestrel's 413. Nothing but an <see cref="ApiException"/> (or the client going
/// away) leaves here.
/// </summary>
internal static class TranscriptionForm
{
    /// <summary>Fields a form may have: OpenAI's dozen, with room for repeated <c>timestamp_granularities[]</c> and <c>include[]</c>.</summary>
    public const int MaxFields = 64;

    /// <summary>Longest field name.</summary>
    public const int MaxFieldNameLength = 256;

    /// <summary>Longest field value (the <c>prompt</c> is the long one; OpenAI reads only its last 224 tokens).</summary>
    public const int MaxFieldValueLength = 64 * 1024;

    /// <summary>Total bytes of one part's headers.</summary>
    public const int MaxPartHeadersLength = 16 * 1024;

    /// <summary>Headers one part may have.</summary>
    public const int MaxPartHeaders = 16;

    /// <summary>Longest boundary; RFC 2046 allows 70 characters.</summary>
    public const int MaxBoundaryLength = 128;

    private static readonly string[] Formats = ["json", "text", "srt", "verbose_json", "vtt"];
    private static readonly string[] Granularities = ["word", "segment"];

    public static async Task<TranscriptionRequest> ReadAsync(HttpRequest request, long maxBodyBytes, CancellationToken cancellation)
    {
        if (!request.HasFormContentType)
            throw ApiException.BadRequest("Send the audio as multipart/form-data with a 'file' field.", "file", "invalid_multipart");
        var form = await ReadFormAsync(request, maxBodyBytes, cancellation);
        CheckFieldLengths(form);

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

    private static async Task<IFormCollection> ReadFormAsync(HttpRequest request, long maxBodyBytes, CancellationToken cancellation)
    {
        var limits = new FormOptions
        {
            ValueCountLimit = MaxFields,
            KeyLengthLimit = MaxFieldNameLength,
            ValueLengthLimit = MaxFieldValueLength,
            MultipartHeadersLengthLimit = MaxPartHeadersLength,
            MultipartHeadersCountLimit = MaxPartHeaders,
            MultipartBoundaryLengthLimit = MaxBoundaryLength,
            // The whole body is bounded by Kestrel (a 413); one part may use all of it.
            MultipartBodyLengthLimit = maxBodyBytes,
        };
        try
        {
            return await new FormFeature(request, limits).ReadFormAsync(cancellation);
        }
        catch (InvalidDataException e)
        {
            throw ApiException.BadRequest($"The multipart form is invalid: {e.Message}", null, "invalid_multipart");
        }
        catch (IOException e) when (e is not BadHttpRequestException && !cancellation.IsCancellationRequested)
        {
            throw ApiException.BadRequest($"The multipart form is truncated or malformed: {e.Message}", null, "invalid_multipart");
        }
    }

    /// <summary>FormFeature applies its key and value length limits to url-encoded forms only; multipart fields are checked here.</summary>
    private static void CheckFieldLengths(IFormCollection form)
    {
        foreach (var (name, values) in form)
        {
            if (name.Length > MaxFieldNameLength)
                throw ApiException.BadRequest($"A form field name is longer than {MaxFieldNameLength} characters.", null, "invalid_multipart");
            if (values.Any(v => v?.Length > MaxFieldValueLength))
                throw ApiException.BadRequest($"'{name}' is longer than {MaxFieldValueLength} characters.", name, "string_above_max_length");
        }
    }

    private static string? One(IFormCollection form, string name) => form[name].FirstOrDefault();

    private static IEnumerable<string> Many(IFormCollection form, string name) => form[name].Where(v => v is not null).Select(v => v!);

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
