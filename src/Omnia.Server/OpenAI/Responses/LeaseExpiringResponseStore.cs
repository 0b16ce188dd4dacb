using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Omnia.Storage;

namespace Omnia.Server.OpenAI.Responses;

/// <summary>
/// The response store as the endpoints read it: a queued or in_progress response whose lease has passed (the node
/// running it stopped before it completed) is read as failed with <c>server_error</c>, and recorded so, through a
/// conditional update that leaves it alone if its runner renewed meanwhile, so every node and every later read agree.
/// Every read of a status goes through here: retrieve, cancel, a <c>previous_response_id</c> pointing at it.
/// </summary>
internal sealed partial class LeaseExpiringResponseStore(IResponseStore store, TimeProvider time, ILogger<LeaseExpiringResponseStore> logger) : IResponseStore
{
    public const string StoppedMessage = "The server running this response stopped before it completed.";

    public async Task<StoredResponse?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(id, cancellationToken);
        var now = time.GetUtcNow();
        if (stored is not { Status: "queued" or "in_progress", LeaseExpiresAt: { } until } || until >= now) return stored;

        var failed = stored with { Status = "failed", Json = Failed(stored.Json), LeaseExpiresAt = null };
        if (await store.ExpireLeaseAsync(id, now, failed.Json, cancellationToken))
        {
            LeaseExpired(logger, id, until);
            return failed;
        }
        // Renewed, ended or failed by another reader meanwhile: what the store holds now.
        return await store.GetAsync(id, cancellationToken);
    }

    public Task SaveAsync(StoredResponse response, CancellationToken cancellationToken) => store.SaveAsync(response, cancellationToken);

    public Task<bool> SaveLeasedAsync(StoredResponse response, CancellationToken cancellationToken) => store.SaveLeasedAsync(response, cancellationToken);

    public Task<bool> RenewLeaseAsync(string id, DateTimeOffset expiresAt, CancellationToken cancellationToken) => store.RenewLeaseAsync(id, expiresAt, cancellationToken);

    public Task<bool> ExpireLeaseAsync(string id, DateTimeOffset now, string failedJson, CancellationToken cancellationToken) =>
        store.ExpireLeaseAsync(id, now, failedJson, cancellationToken);

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) => store.DeleteAsync(id, cancellationToken);

    public Task<ItemPage?> ListInputItemsAsync(string id, ItemPageRequest page, CancellationToken cancellationToken) =>
        store.ListInputItemsAsync(id, page, cancellationToken);

    /// <summary>The stored response object as failed because its server stopped: all else as it was stored.</summary>
    private static string Failed(string json)
    {
        var response = JsonNode.Parse(json)!.AsObject();
        response["status"] = "failed";
        response["error"] = JsonSerializer.SerializeToNode(new ResponseErrorDto("server_error", StoppedMessage), OpenAIJson.Options);
        return response.ToJsonString(OpenAIJson.Options);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Background response {Id} was left running by a server that stopped (its lease passed at {ExpiredAt:O}): recorded as failed")]
    private static partial void LeaseExpired(ILogger logger, string id, DateTimeOffset expiredAt);
}
