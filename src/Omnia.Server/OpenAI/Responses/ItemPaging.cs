using Microsoft.AspNetCore.Http;
using Omnia.Server.Errors;
using Omnia.Storage;

namespace Omnia.Server.OpenAI.Responses;

/// <summary>OpenAI's list query (<c>after</c>, <c>limit</c> 1–100 default 20, <c>order</c> asc or desc default desc), each bad value a 400 naming it.</summary>
internal static class ItemPaging
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static ItemPageRequest From(HttpRequest request)
    {
        var limit = DefaultLimit;
        if (request.Query.TryGetValue("limit", out var limitText) && (!int.TryParse(limitText, out limit) || limit is < 1 or > MaxLimit))
            throw ApiException.BadRequest($"Invalid value for 'limit': {Echo.Quote(limitText)}. It must be an integer from 1 to {MaxLimit}.", "limit");
        var order = request.Query.TryGetValue("order", out var orderText) ? orderText.ToString() : "desc";
        if (order is not ("asc" or "desc"))
            throw ApiException.BadRequest($"Invalid value for 'order': {Echo.Quote(order)}. Supported: 'asc', 'desc'.", "order");
        var after = request.Query.TryGetValue("after", out var afterText) && afterText.ToString().Length > 0 ? afterText.ToString() : null;
        return new ItemPageRequest(limit, order == "asc", after);
    }
}
