using System.Text.Json;
using Omnia.Storage;

namespace Omnia.Server.OpenAI.Responses;

/// <summary>Items and responses in the form the store keeps: their wire JSON.</summary>
internal static class StoredForms
{
    public static StoredItem Item(ResponseItem item) => new(item.Id, JsonSerializer.Serialize(item, OpenAIJson.Options));

    public static List<StoredItem> Items(IEnumerable<ResponseItem> items) => items.Select(Item).ToList();

    public static string Json(ResponseObject response) => JsonSerializer.Serialize(response, OpenAIJson.Options);

    public static StoredResponse Response(ResponseObject response, IReadOnlyList<ResponseItem> input) => new(
        response.Id, response.Model, response.Status, DateTimeOffset.FromUnixTimeSeconds(response.CreatedAt),
        response.PreviousResponseId, response.Conversation?.Id, Json(response), Items(input), Items(response.Output));

    /// <summary>Items as a JSON page: each item's stored JSON as it is.</summary>
    public static ItemListDto Page(ItemPage page)
    {
        var data = page.Items.Select(item =>
        {
            using var document = JsonDocument.Parse(item.Json);
            return document.RootElement.Clone();
        }).ToList();
        return new ItemListDto(data, page.Items.Count > 0 ? page.Items[0].Id : null, page.Items.Count > 0 ? page.Items[^1].Id : null, page.HasMore);
    }
}
