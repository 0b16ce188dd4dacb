using System.Text.Json.Nodes;

namespace Omnia.Bench.PromptCache;

/// <summary>Finds the id under which a server lists the chat model it was started with.</summary>
internal static class ServedModel
{
    /// <summary>The listed id that names <paramref name="modelPath"/>'s file, else the first listed.</summary>
    public static async Task<string> IdAsync(HttpClient client, string modelPath, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(new Uri("v1/models", UriKind.Relative), cancellationToken);
        response.EnsureSuccessStatusCode();
        var ids = (JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))?["data"]?.AsArray() ?? [])
            .Select(m => m?["id"]?.GetValue<string>())
            .OfType<string>()
            .ToArray();
        var stem = Path.GetFileNameWithoutExtension(modelPath);
        return ids.FirstOrDefault(id => id.Equals(stem, StringComparison.OrdinalIgnoreCase))
               ?? ids.FirstOrDefault(id => stem.StartsWith(id, StringComparison.OrdinalIgnoreCase) || id.StartsWith(stem, StringComparison.OrdinalIgnoreCase))
               ?? ids.FirstOrDefault()
               ?? throw new InvalidOperationException("GET /v1/models listed no model.");
    }
}
