using Omnia.Catalog;

namespace Omnia.Models;

/// <summary>A model file ready to load: the name it is served under, its path its catalog entry when it has one, and the store it was found in.</summary>
public sealed record ResolvedModel(string Name, string Path, CatalogEntry? Entry, ModelOrigin Origin = ModelOrigin.ModelsDir);
