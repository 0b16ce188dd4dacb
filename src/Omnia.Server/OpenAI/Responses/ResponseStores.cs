using Microsoft.Extensions.DependencyInjection;
using Omnia.Server.Errors;
using Omnia.Storage;

namespace Omnia.Server.OpenAI.Responses;

/// <summary>The stores of responses and conversations, which the composition root registers; a 503 naming the gap when it did not.</summary>
internal sealed class ResponseStores(IServiceProvider services)
{
    private readonly IResponseStore? _responses = services.GetService<IResponseStore>();
    private readonly IConversationStore? _conversations = services.GetService<IConversationStore>();

    public IResponseStore Responses => _responses ?? throw Missing();
    public IConversationStore Conversations => _conversations ?? throw Missing();

    private static ApiException Missing() =>
        new(503, "This server has no store for responses and conversations configured.", ApiException.Server, null, "store_unavailable");
}
