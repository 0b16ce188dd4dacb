using System.Net.Http.Headers;

namespace Omnia.Models.Download;

/// <summary>
/// What the hub says about a file before its bytes arrive. Hugging Face puts an LFS file's SHA-256 in
/// <c>X-Linked-Etag</c> (or <c>ETag</c>) and its size in <c>X-Linked-Size</c> on the answer that redirects to the CDN.
/// A git (non-LFS) file's ETag is a 40-hex git hash, not a SHA-256, and is ignored. <c>X-Repo-Commit</c> names the
/// commit the revision resolved to, which the Hugging Face cache files snapshots under.
/// </summary>
internal sealed record HubFileMetadata(string? Sha256, long? Size, string? Commit = null)
{
    public static HubFileMetadata None { get; } = new(null, null);

    /// <summary>Adds what <paramref name="headers"/> says to what earlier hops said; the first hop that says something wins.</summary>
    public HubFileMetadata Merge(HttpResponseHeaders headers) => new(
        Sha256 ?? Sha256From(headers, "X-Linked-Etag") ?? Sha256From(headers, "ETag"),
        Size ?? (headers.TryGetValues("X-Linked-Size", out var sizes) && long.TryParse(sizes.FirstOrDefault(), out var size) ? size : null),
        Commit ?? CommitFrom(headers));

    /// <summary>A 40-hex git commit; anything else could not name a snapshot folder safely.</summary>
    private static string? CommitFrom(HttpResponseHeaders headers) =>
        headers.TryGetValues("X-Repo-Commit", out var values) && values.FirstOrDefault()?.Trim() is { Length: 40 } commit && commit.All(char.IsAsciiHexDigit)
            ? commit.ToLowerInvariant()
            : null;

    private static string? Sha256From(HttpResponseHeaders headers, string name)
    {
        if (!headers.TryGetValues(name, out var values)) return null;
        var value = values.FirstOrDefault()?.Trim() ?? "";
        if (value.StartsWith("W/", StringComparison.Ordinal)) value = value[2..];
        value = value.Trim('"');
        return value.Length == 64 && value.All(char.IsAsciiHexDigit) ? value.ToLowerInvariant() : null;
    }
}
