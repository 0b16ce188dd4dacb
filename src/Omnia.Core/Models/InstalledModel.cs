using Omnia.Catalog;

namespace Omnia.Models;

/// <summary>A model file as a store has it: catalog entry (if any), path, size, status, and why it is skipped when it is.</summary>
public sealed record InstalledModel(string Name, ModelRole Role, string Path, ModelFileStatus Status, long Bytes, CatalogEntry? Entry,
    ModelOrigin Origin = ModelOrigin.ModelsDir, string? Problem = null);
