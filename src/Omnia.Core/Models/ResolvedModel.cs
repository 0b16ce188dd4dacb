using Omnia.Catalog;

namespace Omnia.Models;

/// <summary>
/// A model file ready to load: the name it is served under, its path, its catalog entry when it has one, the store it
/// was found in, and the projector that store pairs with it (an Ollama manifest's, an LM Studio folder's <c>mmproj</c>).
/// </summary>
public sealed record ResolvedModel(string Name, string Path, CatalogEntry? Entry,
    ModelOrigin Origin = ModelOrigin.ModelsDir, string? ProjectorPath = null);
