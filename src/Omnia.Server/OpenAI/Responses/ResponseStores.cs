using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Omnia.Server.Errors;
using Omnia.Storage;

namespace Omnia.Server.OpenAI.Responses;

/// <summary>
/// The stores of responses and conversations, which the composition root registers; a 503 naming the gap when it did
/// not. Responses are read through <see cref="LeaseExpiringResponseStore"/>, so one left running by a stopped server reads as failed.
/// </summary>
internal sealed class ResponseStores(IServiceProvider services, TimeProvider time, ILogger<LeaseExpiringResponseStore> logger)
{
    private readonly IResponseStore? _responses = services.GetService<IResponseStore>() is { } store ? new LeaseExpiringResponseStore(store, time, logger) : null;
    private readonly IConversationStore? _conversations = services.GetService<IConversationStore>();

    public IResponseStore Responses => _responses ?? throw Missing();
    public IConversationStore Conversations => _conversations ?? throw Missing();

    private static ApiException Missing() =>
        new(503, "This server has no store for responses and conversations configured.", ApiException.Server, null, "store_unavailable");
}
