using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Omnia.Server.Errors;

namespace Omnia.Server.OpenAI;

/// <summary>
/// Reads an upload endpoint's multipart/form-data under explicit limits. A form without a boundary, truncated, with
/// too many or too long fields or headers is a 400 naming the problem; a body over the server's size limit is
/// Kestrel's 413. Nothing but an <see cref="ApiException"/> (or the client going away) leaves here.
/// </summary>
internal static class MultipartForm
{
    /// <summary>Fields a form may have: OpenAI's dozen or so, with room for repeated <c>image[]</c>, <c>timestamp_granularities[]</c> and <c>include[]</c>.</summary>
    public const int MaxFields = 64;

    /// <summary>Longest field name.</summary>
    public const int MaxFieldNameLength = 256;

    /// <summary>Longest field value (a <c>prompt</c> is the long one).</summary>
    public const int MaxFieldValueLength = 64 * 1024;

    /// <summary>Total bytes of one part's headers.</summary>
    public const int MaxPartHeadersLength = 16 * 1024;

    /// <summary>Headers one part may have.</summary>
    public const int MaxPartHeaders = 16;

    /// <summary>Longest boundary; RFC 2046 allows 70 characters.</summary>
    public const int MaxBoundaryLength = 128;

    /// <summary>The form, its fields' lengths checked; <paramref name="expected"/> names the file field a non-form body is told to send.</summary>
    public static async Task<IFormCollection> ReadAsync(HttpRequest request, long maxBodyBytes, string expected, CancellationToken cancellation)
    {
        if (!request.HasFormContentType)
            throw ApiException.BadRequest($"Send multipart/form-data with a '{expected}' field.", expected, "invalid_multipart");
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
        IFormCollection form;
        try
        {
            form = await new FormFeature(request, limits).ReadFormAsync(cancellation);
        }
        catch (InvalidDataException e)
        {
            throw ApiException.BadRequest($"The multipart form is invalid: {e.Message}", null, "invalid_multipart");
        }
        catch (IOException e) when (e is not BadHttpRequestException && !cancellation.IsCancellationRequested)
        {
            throw ApiException.BadRequest($"The multipart form is truncated or malformed: {e.Message}", null, "invalid_multipart");
        }
        CheckFieldLengths(form);
        return form;
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

    /// <summary>A field's first value, or null.</summary>
    public static string? One(IFormCollection form, string name) => form[name].FirstOrDefault();

    /// <summary>Every value of a repeated field.</summary>
    public static IEnumerable<string> Many(IFormCollection form, string name) => form[name].Where(v => v is not null).Select(v => v!);
}
