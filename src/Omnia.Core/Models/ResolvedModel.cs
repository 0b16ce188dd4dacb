using Omnia.Catalog;

namespace Omnia.Models;

/// <summary>A model file ready to load: the name it is served under, its path and its catalog entry when it has one.</summary>
public sealed record ResolvedModel(string Name, string Path, CatalogEntry? Entry);
