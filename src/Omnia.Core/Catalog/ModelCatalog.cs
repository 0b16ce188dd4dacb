using System.Text.Json;
using System.Text.Json.Serialization;

namespace Omnia.Catalog;

/// <summary>The model catalog: names mapped to files, hashes and upstream sources, read from <c>catalog/models.json</c>.</summary>
public sealed class ModelCatalog
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        Converters = { new ModelRoleJsonConverter() },
    };

    private readonly Dictionary<string, CatalogEntry> _byName;

    public ModelCatalog(IEnumerable<CatalogEntry> entries, IEnumerable<string>? defaults = null)
    {
        Entries = entries.ToList();
        _byName = Entries.ToDictionary(e => e.Name, StringComparer.OrdinalIgnoreCase);
        Defaults = (defaults ?? []).ToList();
        foreach (var name in Defaults.Concat(Entries.SelectMany(e => e.Companions.Append(e.Projector).OfType<string>())))
            if (!_byName.ContainsKey(name))
                throw new InvalidDataException($"The model catalog names '{name}' but has no entry of that name.");
    }

    public IReadOnlyList<CatalogEntry> Entries { get; }

    /// <summary>What <c>omnia serve</c> runs when no model is configured: catalog names, best first.</summary>
    public IReadOnlyList<string> Defaults { get; }

    /// <summary>The catalog shipped inside Omnia.</summary>
    public static ModelCatalog BuiltIn { get; } = LoadBuiltIn();

    public CatalogEntry? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The entry and every file it needs to be used (its projector and companions), each once.</summary>
    public IReadOnlyList<CatalogEntry> WithDependencies(CatalogEntry entry)
    {
        var result = new List<CatalogEntry>();
        var pending = new Queue<CatalogEntry>([entry]);
        while (pending.TryDequeue(out var next))
        {
            if (result.Contains(next)) continue;
            result.Add(next);
            foreach (var name in next.Companions.Append(next.Projector).OfType<string>())
                pending.Enqueue(_byName[name]);
        }
        return result;
    }

    /// <summary>Catalog names closest to <paramref name="name"/>, for "did you mean" messages.</summary>
    public IReadOnlyList<string> ClosestNames(string name, int count = 3) =>
        Entries.Select(e => (e.Name, Distance: EditDistance.Between(name.ToLowerInvariant(), e.Name.ToLowerInvariant())))
            .OrderBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.Ordinal)
            .Take(count).Select(x => x.Name).ToList();

    public static ModelCatalog Parse(Stream json)
    {
        var file = JsonSerializer.Deserialize<CatalogFile>(json, JsonOptions)
            ?? throw new InvalidDataException("The model catalog is empty.");
        return new ModelCatalog(file.Models, file.Defaults);
    }

    private static ModelCatalog LoadBuiltIn()
    {
        using var stream = typeof(ModelCatalog).Assembly.GetManifestResourceStream("Omnia.Catalog.models.json")
            ?? throw new InvalidOperationException("The built-in model catalog resource is missing.");
        return Parse(stream);
    }

    private sealed record CatalogFile(List<CatalogEntry> Models, List<string>? Defaults);

    private sealed class ModelRoleJsonConverter : JsonConverter<ModelRole>
    {
        public override ModelRole Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(reader.GetString() ?? throw new JsonException("A model role must be a string."));

        public override void Write(Utf8JsonWriter writer, ModelRole value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.Value);
    }
}
