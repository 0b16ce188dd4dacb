using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using Omnia.Catalog;

namespace Omnia.Models.Download;

/// <summary>
/// One attempt at one catalog file: resumes <c>{file}.partial</c> with an HTTP Range request (re-hashing what is
/// already there first), hashes while streaming, checks size and SHA-256, then renames the file into place.
/// A file that fails a check is never renamed into place; an installed file is only ever replaced by a verified one.
/// </summary>
internal sealed class FileTransfer(
    HttpClient http,
    ModelStore store,
    CatalogEntry entry,
    ModelDownloadOptions options,
    TimeProvider time,
    IProgress<ModelDownloadProgress>? progress)
{
    private const int BufferSize = 1 << 16;
    private const int MaxRedirects = 10;

    private readonly string _target = store.PathOf(entry);
    private readonly string _partial = store.PathOf(entry) + ModelStore.PartialSuffix;
    private readonly TransferRate _rate = new(time);
    private long _lastReport = long.MinValue;

    /// <summary>
    /// Downloads (or finishes) the file and returns its verified SHA-256, with the commit the hub resolved the revision
    /// to when it said so (a partial already complete is finished without asking it).
    /// </summary>
    public async Task<(string Sha256, string? Commit)> RunAsync(CancellationToken cancellationToken)
    {
        var address = HubAddress.For(entry.Source, options.Endpoint);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var existing = await HashPartialAsync(hash, cancellationToken);
        if (entry.Size is { } size && existing == size)
            return (Promote(hash, existing, entry.Sha256, address), null); // a complete partial: nothing left to fetch

        var (response, hub) = await SendAsync(address, existing, cancellationToken);
        using (response)
        {
            var expectedSha = entry.Sha256 ?? hub.Sha256;

            switch (response.StatusCode)
            {
                case HttpStatusCode.PartialContent when response.Content.Headers.ContentRange?.From == existing:
                    break;
                case HttpStatusCode.PartialContent:
                    File.Delete(_partial);
                    throw new ModelDownloadException($"{entry.Name}: {address.Host} resumed at the wrong offset; the partial file was discarded.") { IsTransient = true };
                case HttpStatusCode.OK when existing > 0:
                    // The server ignored the Range header and sends the whole file: start over.
                    hash.GetHashAndReset();
                    existing = 0;
                    File.Delete(_partial);
                    break;
                case HttpStatusCode.OK:
                    break;
                case HttpStatusCode.RequestedRangeNotSatisfiable when existing > 0 && response.Content.Headers.ContentRange?.Length == existing:
                    return (Promote(hash, existing, expectedSha, address), hub.Commit); // the partial already holds the whole file
                case HttpStatusCode.RequestedRangeNotSatisfiable:
                    File.Delete(_partial);
                    throw new ModelDownloadException($"{entry.Name}: {address.Host} cannot resume the partial file; it was discarded.") { IsTransient = true };
                case HttpStatusCode.NotFound:
                    throw new ModelDownloadException($"{entry.Name}: {entry.File} not found upstream ({Describe(address)} answered 404).");
                case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                    throw new ModelDownloadException(
                        $"{entry.Name}: {address.Host} refused access ({(int)response.StatusCode}); for a gated repository accept its terms on the hub and set HF_TOKEN or --hf-token.");
                default:
                    throw new ModelDownloadException($"{entry.Name}: {Describe(address)} answered {(int)response.StatusCode} {response.ReasonPhrase}.")
                        { IsTransient = (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests };
            }

            var total = entry.Size ?? hub.Size ?? response.Content.Headers.ContentRange?.Length
                ?? (response.Content.Headers.ContentLength is { } length ? existing + length : null);

            var received = await CopyBodyAsync(response, hash, existing, total, address, cancellationToken);
            if (total is { } expectedLength && received != expectedLength)
            {
                if (received < expectedLength)
                    throw new ModelDownloadException($"{entry.Name}: the connection to {address.Host} ended after {received} of {expectedLength} bytes; the partial file is kept for resuming.") { IsTransient = true };
                File.Delete(_partial);
                throw new ModelDownloadException($"{entry.Name}: {address.Host} sent {received} bytes, more than the expected {expectedLength}; the file was discarded and not installed.");
            }

            return (Promote(hash, received, expectedSha, address), hub.Commit);
        }
    }

    /// <summary>Checks the hash of the complete partial file and renames it into place, or discards it.</summary>
    private string Promote(IncrementalHash hash, long length, string? expectedSha, Uri address)
    {
        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (expectedSha is not null && !string.Equals(actual, expectedSha, StringComparison.OrdinalIgnoreCase))
        {
            File.Delete(_partial);
            throw new ModelDownloadException(
                $"{entry.Name}: the downloaded file has SHA-256 {actual} but {(entry.Sha256 is null ? $"{address.Host} reported" : "the catalog expects")} {expectedSha}; it was discarded and not installed.");
        }

        File.Move(_partial, _target, overwrite: true);
        store.RecordVerified(entry, actual);
        Report(ModelDownloadPhase.Done, length, length, force: true);
        return actual;
    }

    private async Task<long> HashPartialAsync(IncrementalHash hash, CancellationToken cancellationToken)
    {
        if (!File.Exists(_partial)) return 0;
        var length = new FileInfo(_partial).Length;
        if (entry.Size is { } size && length > size)
        {
            File.Delete(_partial);
            return 0;
        }

        var buffer = new byte[BufferSize];
        long done = 0;
        await using var stream = new FileStream(_partial, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        while (done < length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length - done)), cancellationToken);
            if (read == 0) break;
            hash.AppendData(buffer, 0, read);
            done += read;
            Report(ModelDownloadPhase.Checking, done, length);
        }
        return done;
    }

    /// <summary>GET with redirects followed by hand, so each hop's hub headers can be read and the token stays on the hub's host.</summary>
    private async Task<(HttpResponseMessage Response, HubFileMetadata Hub)> SendAsync(Uri address, long offset, CancellationToken cancellationToken)
    {
        var hub = HubFileMetadata.None;
        var current = address;
        for (var hop = 0; hop <= MaxRedirects; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            if (offset > 0) request.Headers.Range = new RangeHeaderValue(offset, null);
            if (options.Token is { } token && HubAddress.MayCarryToken(current, options.Endpoint))
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

            var response = await SendOnceAsync(request, cancellationToken);
            hub = hub.Merge(response.Headers);
            if (Contradiction(hub, address) is { } changed)
            {
                response.Dispose();
                throw new ModelDownloadException(changed);
            }
            if ((int)response.StatusCode is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } location)
            {
                response.Dispose();
                current = location.IsAbsoluteUri ? location : new Uri(current, location);
                continue;
            }
            return (response, hub);
        }
        throw new ModelDownloadException($"{entry.Name}: more than {MaxRedirects} redirects from {address.Host}.");
    }

    /// <summary>The hub's word against the catalog's, checked before a byte of the file is fetched.</summary>
    private string? Contradiction(HubFileMetadata hub, Uri address)
    {
        const string Kept = "nothing was downloaded and any installed copy is kept";
        if (entry.Sha256 is { } sha && hub.Sha256 is { } reportedSha && !string.Equals(sha, reportedSha, StringComparison.OrdinalIgnoreCase))
            return $"{entry.Name}: the file changed upstream ({address.Host} reports SHA-256 {reportedSha}, the catalog expects {sha}); {Kept}.";
        if (entry.Size is { } size && hub.Size is { } reportedSize && size != reportedSize)
            return $"{entry.Name}: the file changed upstream ({address.Host} reports {reportedSize} bytes, the catalog says {size}); {Kept}.";
        return null;
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.ResponseTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var host = request.RequestUri!.Host;
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ModelDownloadException($"{entry.Name}: {host} did not answer within {options.ResponseTimeout.TotalSeconds:0.#} s.") { IsTransient = true };
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError
                                             || e.InnerException is SocketException)
        {
            throw new ModelDownloadException(
                $"{entry.Name}: cannot reach {host} ({(e.InnerException ?? e).Message}); check the network or set HF_ENDPOINT to a mirror (`omnia serve --offline` starts on what is installed).", e);
        }
        catch (HttpRequestException e)
        {
            throw new ModelDownloadException($"{entry.Name}: request to {host} failed: {e.Message}", e) { IsTransient = true };
        }
    }

    private async Task<long> CopyBodyAsync(HttpResponseMessage response, IncrementalHash hash, long existing, long? total, Uri address, CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferSize];
        var received = existing;
        using var idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
        FileStream file;
        try
        {
            file = new FileStream(_partial, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);
            if (existing > 0) file.Seek(existing, SeekOrigin.Begin);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelDownloadException($"{entry.Name}: cannot write {_partial}: {e.Message}", e);
        }

        await using (file)
        {
            Report(ModelDownloadPhase.Downloading, received, total, force: true);
            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(linked.Token);
                while (true)
                {
                    idle.CancelAfter(options.IdleTimeout);
                    var read = await body.ReadAsync(buffer, linked.Token);
                    if (read == 0) break;
                    hash.AppendData(buffer, 0, read);
                    await WriteAsync(file, buffer.AsMemory(0, read), cancellationToken);
                    received += read;
                    Report(ModelDownloadPhase.Downloading, received, total);
                }
            }
            catch (DiskWriteException e)
            {
                throw new ModelDownloadException($"{entry.Name}: cannot write to {store.Directory}: {e.InnerException!.Message}; free some space and pull again to resume.", e.InnerException);
            }
            catch (OperationCanceledException) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new ModelDownloadException(
                    $"{entry.Name}: {address.Host} sent nothing for {options.IdleTimeout.TotalSeconds:0.#} s (stalled after {received} bytes); the partial file is kept for resuming.") { IsTransient = true };
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                throw new ModelDownloadException(
                    $"{entry.Name}: the connection to {address.Host} was lost after {received}{(total is { } t ? $" of {t}" : "")} bytes ({e.Message}); the partial file is kept for resuming.", e) { IsTransient = true };
            }
        }
        return received;
    }

    private static async Task WriteAsync(FileStream file, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        try
        {
            await file.WriteAsync(data, cancellationToken);
        }
        catch (IOException e)
        {
            throw new DiskWriteException(e);
        }
    }

    private void Report(ModelDownloadPhase phase, long bytes, long? total, bool force = false)
    {
        if (progress is null) return;
        if (phase == ModelDownloadPhase.Downloading) _rate.Add(bytes);
        var now = time.GetTimestamp();
        if (!force && _lastReport != long.MinValue && time.GetElapsedTime(_lastReport, now) < options.ProgressInterval && bytes != total) return;
        _lastReport = now;
        progress.Report(new ModelDownloadProgress(entry.Name, entry.File, phase, bytes, total, _rate.BytesPerSecond, _rate.Remaining(bytes, total)));
    }

    private static string Describe(Uri address) => address.GetLeftPart(UriPartial.Path);

    /// <summary>Tells a failed write to the models directory from a failed read from the network: both are IOExceptions.</summary>
    private sealed class DiskWriteException(IOException inner) : IOException(inner.Message, inner);
}
