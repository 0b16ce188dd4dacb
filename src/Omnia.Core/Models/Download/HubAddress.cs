using Omnia.Catalog;

namespace Omnia.Models.Download;

/// <summary>Download addresses of catalog files: Hugging Face's <c>resolve</c> URLs under an endpoint, or a plain URL.</summary>
internal static class HubAddress
{
    public static Uri For(ModelSource source, Uri endpoint)
    {
        if (source.Repo is { } repo)
        {
            var path = source.Path ?? throw new InvalidDataException($"Catalog source {repo} names no file path.");
            var escapedPath = string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
            var escapedRepo = string.Join('/', repo.Split('/').Select(Uri.EscapeDataString));
            return new Uri(endpoint, $"{escapedRepo}/resolve/{Uri.EscapeDataString(source.Revision)}/{escapedPath}");
        }
        return source.Url ?? throw new InvalidDataException("A catalog source needs a repo and path, or a url.");
    }

    /// <summary>Tokens go to the hub itself only: a CDN or any other host that a redirect leads to never sees them.</summary>
    public static bool MayCarryToken(Uri address, Uri endpoint) =>
        Uri.Compare(address, endpoint, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
}
