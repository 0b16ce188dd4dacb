using Microsoft.Extensions.Options;
using Omnia.Server.Errors;

namespace Omnia.Server.OpenAI.Media;

/// <summary>
/// Fetches images named by http(s) URLs, with a size and time limit. Every connection, redirects included, goes
/// through <see cref="GuardedConnect"/>.
/// </summary>
public sealed class MediaFetcher : IDisposable
{
    private const int MaxRedirects = 3;

    private readonly HttpClient _http;
    private readonly MediaOptions _options;

    public MediaFetcher(IOptions<MediaOptions> options)
    {
        _options = options.Value;
        var handler = GuardedConnect.Handler(_options.AllowPrivateUrls, _options.FetchTimeout);
        handler.AllowAutoRedirect = true;
        handler.MaxAutomaticRedirections = MaxRedirects;
        _http = new HttpClient(handler) { Timeout = _options.FetchTimeout };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("Omnia/1.0 (image fetch)");
    }

    public async Task<byte[]> FetchAsync(Uri url, string param, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw ApiException.BadRequest($"Fetching '{param}' ({url.Host}) answered {(int)response.StatusCode}.", param, "image_fetch_failed");
            if (response.Content.Headers.ContentLength > _options.MaxImageBytes)
                throw ApiException.BadRequest($"The image at '{param}' is larger than {_options.MaxImageBytes} bytes.", param, "image_too_large");

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > _options.MaxImageBytes)
                    throw ApiException.BadRequest($"The image at '{param}' is larger than {_options.MaxImageBytes} bytes.", param, "image_too_large");
                buffer.Write(chunk, 0, read);
            }
            return buffer.ToArray();
        }
        catch (HttpRequestException e) when (GuardedConnect.Forbidden(e) is { } forbidden)
        {
            throw ApiException.BadRequest($"'{param}' points to {forbidden}, a private or local address the server does not fetch from.", param, "image_url_forbidden");
        }
        catch (HttpRequestException e)
        {
            throw ApiException.BadRequest($"Could not fetch '{param}' from {url.Host}: {e.Message}", param, "image_fetch_failed");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw ApiException.BadRequest($"Fetching '{param}' from {url.Host} took longer than {_options.FetchTimeout.TotalSeconds:0} s.", param, "image_fetch_timeout");
        }
    }

    public void Dispose() => _http.Dispose();
}
