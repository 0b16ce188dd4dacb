namespace Omnia.Catalog;

/// <summary>One named model file of the catalog: what it is, its file name, and how to verify and fetch it.</summary>
public sealed record CatalogEntry
{
    public required string Name { get; init; }
    public required ModelRole Role { get; init; }
    public required string File { get; init; }
    public string Description { get; init; } = "";
    public long? Size { get; init; }

    /// <summary>Lower-case hex SHA-256 of the file, when known offline.</summary>
    public string? Sha256 { get; init; }

    public string Licence { get; init; } = "";
    public IReadOnlyList<string> Languages { get; init; } = [];
    public ModelSource Source { get; init; } = new();

    /// <summary>For chat models, the catalog name of the multimodal projector that goes with it.</summary>
    public string? Projector { get; init; }

    /// <summary>
    /// Catalog names of other files this one cannot be used without (a Piper voice's <c>.onnx.json</c> config):
    /// each is an entry of its own, so every file keeps one name, one hash and one status.
    /// </summary>
    public IReadOnlyList<string> Companions { get; init; } = [];
}
