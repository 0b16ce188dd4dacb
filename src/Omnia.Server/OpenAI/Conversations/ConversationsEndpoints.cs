using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Omnia.Server.Errors;
using Omnia.Server.OpenAI.Responses;
using Omnia.Storage;

namespace Omnia.Server.OpenAI.Conversations;

/// <summary>
/// <c>/v1/conversations</c>: create (with items), retrieve, update metadata, delete; and its items: list (paged),
/// add, retrieve, delete. A response created with <c>conversation</c> appends its input and output here.
/// <c>GET /v1/conversations</c> (an Omnia extension: OpenAI has no list) pages through all of them, newest first,
/// so a client such as the web app keeps its conversation list on the server.
/// </summary>
internal static class ConversationsEndpoints
{
    /// <summary>Items one request may add, as OpenAI allows.</summary>
    public const int MaxItemsPerRequest = 20;

    public static void Map(IEndpointRouteBuilder v1)
    {
        v1.MapPost("/conversations", CreateAsync);
        v1.MapGet("/conversations", ListAsync);
        v1.MapGet("/conversations/{id}", GetAsync);
        v1.MapPost("/conversations/{id}", UpdateAsync);
        v1.MapDelete("/conversations/{id}", DeleteAsync);
        v1.MapGet("/conversations/{id}/items", ListItemsAsync);
        v1.MapPost("/conversations/{id}/items", AddItemsAsync);
        v1.MapGet("/conversations/{id}/items/{itemId}", GetItemAsync);
        v1.MapDelete("/conversations/{id}/items/{itemId}", DeleteItemAsync);
    }

    public static async Task<IResult> CreateAsync(HttpContext context, ResponsesDependencies deps)
    {
        var cancellation = context.RequestAborted;
        var body = await RequestBody.ReadAsync<ConversationCreateRequest>(context, cancellation);
        var metadata = ResponseRequestMapper.Metadata(body.Metadata);
        var items = body.Items is { ValueKind: not JsonValueKind.Null } given ? Items(given) : [];
        var conversation = new StoredConversation(ResponseIds.Conversation(), deps.Time.GetUtcNow(), JsonSerializer.Serialize(metadata, OpenAIJson.Options));
        await deps.Stores.Conversations.CreateAsync(conversation, StoredForms.Items(items), cancellation);
        return Json(Object(conversation));
    }

    public static async Task<IResult> ListAsync(HttpRequest http, ResponsesDependencies deps, CancellationToken cancellationToken)
    {
        var page = await deps.Stores.Conversations.ListAsync(ItemPaging.From(http), cancellationToken);
        var data = page.Conversations.Select(Object).ToList();
        return Json(new ConversationListDto(data, data.Count > 0 ? data[0].Id : null, data.Count > 0 ? data[^1].Id : null, page.HasMore));
    }

    public static async Task<IResult> GetAsync(string id, ResponsesDependencies deps, CancellationToken cancellationToken) =>
        Json(Object(await deps.Stores.Conversations.GetAsync(id, cancellationToken) ?? throw NotFound(id)));

    public static async Task<IResult> UpdateAsync(string id, HttpContext context, ResponsesDependencies deps)
    {
        var cancellation = context.RequestAborted;
        var body = await RequestBody.ReadAsync<ConversationUpdateRequest>(context, cancellation);
        if (body.Metadata is null) throw JsonFields.Missing("metadata");
        var metadata = ResponseRequestMapper.Metadata(body.Metadata);
        var updated = await deps.Stores.Conversations.UpdateMetadataAsync(id, JsonSerializer.Serialize(metadata, OpenAIJson.Options), cancellation)
            ?? throw NotFound(id);
        return Json(Object(updated));
    }

    public static async Task<IResult> DeleteAsync(string id, ResponsesDependencies deps, CancellationToken cancellationToken)
    {
        if (!await deps.Stores.Conversations.DeleteAsync(id, cancellationToken)) throw NotFound(id);
        return Json(new DeletedObject(id, "conversation.deleted", true));
    }

    public static async Task<IResult> ListItemsAsync(string id, HttpRequest http, ResponsesDependencies deps, CancellationToken cancellationToken)
    {
        var page = ItemPaging.From(http);
        return Json(StoredForms.Page(await deps.Stores.Conversations.ListItemsAsync(id, page, cancellationToken) ?? throw NotFound(id)));
    }

    public static async Task<IResult> AddItemsAsync(string id, HttpContext context, ResponsesDependencies deps)
    {
        var cancellation = context.RequestAborted;
        var body = await RequestBody.ReadAsync<ConversationItemsRequest>(context, cancellation);
        var items = Items(body.Items ?? throw JsonFields.Missing("items"));
        var stored = StoredForms.Items(items);
        if (!await deps.Stores.Conversations.AppendItemsAsync(id, stored, cancellation)) throw NotFound(id);
        return Json(StoredForms.Page(new ItemPage(stored, false)));
    }

    public static async Task<IResult> GetItemAsync(string id, string itemId, ResponsesDependencies deps, CancellationToken cancellationToken)
    {
        var item = await deps.Stores.Conversations.GetItemAsync(id, itemId, cancellationToken) ?? throw await ItemNotFoundAsync(deps, id, itemId, cancellationToken);
        return Results.Content(item.Json, "application/json");
    }

    public static async Task<IResult> DeleteItemAsync(string id, string itemId, ResponsesDependencies deps, CancellationToken cancellationToken)
    {
        if (!await deps.Stores.Conversations.DeleteItemAsync(id, itemId, cancellationToken)) throw await ItemNotFoundAsync(deps, id, itemId, cancellationToken);
        return Json(Object(await deps.Stores.Conversations.GetAsync(id, cancellationToken) ?? throw NotFound(id)));
    }

    private static List<ResponseItem> Items(JsonElement items)
    {
        var read = ResponseItemReader.Items(items, "items");
        if (read.Count > MaxItemsPerRequest)
            throw ApiException.BadRequest($"'items' may hold at most {MaxItemsPerRequest} items per request; it has {read.Count}.", "items");
        return read;
    }

    private static ConversationObject Object(StoredConversation conversation)
    {
        using var metadata = JsonDocument.Parse(conversation.MetadataJson);
        return new ConversationObject(conversation.Id, conversation.CreatedAt.ToUnixTimeSeconds(), metadata.RootElement.Clone());
    }

    /// <summary>Which of the two is missing: the conversation, or the item in it.</summary>
    private static async Task<ApiException> ItemNotFoundAsync(ResponsesDependencies deps, string id, string itemId, CancellationToken cancellationToken) =>
        await deps.Stores.Conversations.GetAsync(id, cancellationToken) is null
            ? NotFound(id)
            : ResponseHistory.NotFound($"Item with id {Echo.Quote(itemId)} not found in conversation {Echo.Quote(id)}.", "item_id");

    private static ApiException NotFound(string id) => ResponseHistory.NotFound($"Conversation with id {Echo.Quote(id)} not found.", "conversation_id");

    private static IResult Json<T>(T value) => Results.Json(value, OpenAIJson.Options);
}
