using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Omnia.Server.Errors;

namespace Omnia.Server.OpenAI.Images;

/// <summary>
/// Reads <c>POST /v1/images/edits</c>' multipart form (under <see cref="MultipartForm"/>'s limits) into an
/// <see cref="ImageEditRequest"/>: one or more <c>image</c> (or <c>image[]</c>) files that are PNG, JPEG or WebP by their
/// first bytes, an optional PNG <c>mask</c>, and the text fields, each number checked and named when it is not one.
/// </summary>
internal static class ImageEditForm
{
    public static async Task<ImageEditRequest> ReadAsync(HttpRequest request, long maxBodyBytes, CancellationToken cancellation)
    {
        var form = await MultipartForm.ReadAsync(request, maxBodyBytes, "image", cancellation);
        var files = form.Files.GetFiles("image").Concat(form.Files.GetFiles("image[]")).ToList();
        if (files.Count == 0) throw JsonFields.Missing("image");
        var images = new List<DataContent>(files.Count);
        foreach (var file in files) images.Add(await ReadAsync(file, "image", cancellation));
        var mask = form.Files.GetFile("mask") is { } maskFile ? await ReadAsync(maskFile, "mask", cancellation) : null;
        if (mask is not null && mask.MediaType != "image/png")
            throw ApiException.BadRequest("The mask must be a PNG with an alpha channel; its fully transparent pixels mark what to edit.", "mask", "invalid_image_format");

        var strength = Number(form, "strength", double.Parse);
        if (strength is { } s && !(s > 0 && s <= 1))
            throw ApiException.BadRequest("strength must be more than 0 and at most 1.", "strength", "invalid_value");
        var fields = new ImageGenerationRequestDto
        {
            Model = One(form, "model"),
            Prompt = One(form, "prompt"),
            N = Number(form, "n", int.Parse),
            Size = One(form, "size"),
            Quality = One(form, "quality"),
            ResponseFormat = One(form, "response_format"),
            OutputFormat = One(form, "output_format"),
            OutputCompression = Number(form, "output_compression", int.Parse),
            Background = One(form, "background"),
            User = One(form, "user"),
            Stream = Flag(form, "stream"),
            PartialImages = Number(form, "partial_images", int.Parse),
            Seed = Number(form, "seed", long.Parse),
            Steps = Number(form, "steps", int.Parse),
        };
        return new ImageEditRequest(fields, images, mask, strength);
    }

    /// <summary>An uploaded file's bytes with the media type its first bytes show; anything but PNG, JPEG or WebP is refused.</summary>
    private static async Task<DataContent> ReadAsync(IFormFile file, string param, CancellationToken cancellation)
    {
        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, cancellation);
        }
        var mediaType = MediaType(bytes)
            ?? throw ApiException.BadRequest($"The {param} '{file.FileName}' is not a PNG, JPEG or WebP image.", param, "invalid_image_format");
        return new DataContent(bytes, mediaType) { Name = file.FileName };
    }

    private static string? MediaType(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png"
        : bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "image/jpeg"
        : bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8) ? "image/webp"
        : null;

    private static string? One(IFormCollection form, string name) => MultipartForm.One(form, name) is { Length: > 0 } value ? value : null;

    private static T? Number<T>(IFormCollection form, string name, Func<string, IFormatProvider, T> parse) where T : struct
    {
        if (One(form, name) is not { } value) return null;
        try
        {
            return parse(value, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw ApiException.BadRequest($"Invalid value for '{name}': {Echo.Quote(value)} is not a number.", name, "invalid_value");
        }
    }

    private static bool? Flag(IFormCollection form, string name) => One(form, name) switch
    {
        null => null,
        var value when bool.TryParse(value, out var flag) => flag,
        var value => throw ApiException.BadRequest($"Invalid value for '{name}': {Echo.Quote(value)}. Supported: true, false.", name, "invalid_value"),
    };
}
