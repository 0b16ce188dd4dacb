using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Omnia.Server.OpenAI.Responses;

/// <summary>Takes the leases of the background responses this node runs (<see cref="BackgroundResponseOptions"/>).</summary>
internal sealed class ResponseLeases(ResponseStores stores, IOptions<BackgroundResponseOptions> options, TimeProvider time, ILogger<ResponseLease> logger)
{
    /// <summary>The end of a lease taken now: what the first save of a background response records.</summary>
    public DateTimeOffset NextExpiry() => time.GetUtcNow() + options.Value.Lease;

    /// <summary>Holds the lease the response's first save took, renewing it until the returned lease is disposed.</summary>
    /// <param name="run">The run's token; the lease's token fires with it, and when the lease is lost.</param>
    public ResponseLease Hold(string id, CancellationToken run) => new(id, stores.Responses, options.Value, time, logger, run);
}
