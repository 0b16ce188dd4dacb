using System.Net.Http.Headers;

namespace Omnia.Models.Download;

/// <summary>
/// What the hub says about a file before its bytes arrive. Hugging Face puts an LFS file's SHA-256 in
/// <c>X-Linked-Etag</c> (or <c>ETag</c>) and its size in <c>X-Linked-Size</c> on the answer that redirects to the CDN.
/// A git (non-LFS) file's ETag is a 40-hex git hash, not a SHA-256, and is ignored.
/// </summary>
internal sealed record HubFileMetadata(string? Sha256, long? Size)
{
    public static HubFileMetadata None { get; } = new(null, null);

    /// <summary>Adds what <paramref name="headers"/> says to what earlier hops said; the first hop that says something wins.</summary>
    public HubFileMetadata Merge(HttpResponseHeaders headers) => new(
        Sha256 ?? Sha256From(headers, "X-Linked-Etag") ?? Sha256From(headers, "ETag"),
        Size ?? (headers.TryGetValues("X-Linked-Size", out var sizes) && long.TryParse(sizes.FirstOrDefault(), out var size) ? size : null));

    private static string? Sha256From(HttpResponseHeaders headers, string name)
    {
        if (!headers.TryGetValues(name, out var values)) return null;
        var value = values.FirstOrDefault()?.Trim() ?? "";
        if (value.StartsWith("W/", StringComparison.Ordinal)) value = value[2..];
        value = value.Trim('"');
        return value.Length == 64 && value.All(char.IsAsciiHexDigit) ? value.ToLowerInvariant() : null;
    }
}
