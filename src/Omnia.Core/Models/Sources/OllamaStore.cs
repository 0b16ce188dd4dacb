using System.Text.Json;

namespace Omnia.Models.Sources;

/// <summary>
/// Ollama's model store, read in place: <c>manifests/{registry}/{namespace}/{model}/{tag}</c> are JSON manifests
/// whose layers name <c>blobs/sha256-{hex}</c> files by digest; the model layer is a plain GGUF file.
/// </summary>
/// <param name="directories">Lists the store's folders and remembers those that cannot be read.</param>
public sealed class OllamaStore(string directory, StoreDirectoryReader? directories = null)
{
    private const string DefaultRegistry = "registry.ollama.ai";
    private const string DefaultNamespace = "library";
    private const string ModelMediaType = "application/vnd.ollama.image.model";
    private const string ProjectorMediaType = "application/vnd.ollama.image.projector";

    private readonly StoreDirectoryReader _directories = directories ?? new StoreDirectoryReader();

    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary><c>OLLAMA_MODELS</c>, else <c>~/.ollama/models</c>.</summary>
    public static string DefaultDirectory =>
        Environment.GetEnvironmentVariable("OLLAMA_MODELS") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ollama", "models");

    /// <summary>
    /// Every model of every registry and namespace, named as <c>ollama list</c> shows it: <c>qwen2.5:0.5b</c> for the
    /// official library, <c>{user}/{model}:{tag}</c> for a user's namespace on Ollama's registry, and
    /// <c>{registry}/{namespace}/{model}:{tag}</c> for another registry (<c>hf.co/{org}/{repo}:{tag}</c>). A manifest
    /// that cannot be read, has no model layer or names a missing blob is listed with its <see cref="OllamaModel.Problem"/>.
    /// </summary>
    public IReadOnlyList<OllamaModel> Models()
    {
        var models = new List<OllamaModel>();
        foreach (var registry in _directories.Directories(Path.Combine(Directory, "manifests")))
            foreach (var space in _directories.Directories(registry))
                foreach (var model in _directories.Directories(space))
                    foreach (var manifest in _directories.Files(model))
                        models.Add(Read(Name(Path.GetFileName(registry), Path.GetFileName(space), Path.GetFileName(model), Path.GetFileName(manifest)), manifest));
        return models;
    }

    /// <summary>The shortest name Ollama shows: its own registry and the <c>library</c> namespace are left out.</summary>
    private static string Name(string registry, string space, string model, string tag) =>
        (registry, space) switch
        {
            (DefaultRegistry, DefaultNamespace) => $"{model}:{tag}",
            (DefaultRegistry, _) => $"{space}/{model}:{tag}",
            _ => $"{registry}/{space}/{model}:{tag}",
        };

    private OllamaModel Read(string name, string manifest)
    {
        Layer? model = null, projector = null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(manifest));
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("layers", out var layers) && layers.ValueKind == JsonValueKind.Array)
            {
                foreach (var layer in layers.EnumerateArray())
                {
                    if (Layer.From(layer) is not { } parsed) continue;
                    if (parsed.MediaType == ModelMediaType) model ??= parsed;
                    else if (parsed.MediaType == ProjectorMediaType) projector ??= parsed;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return Broken(name, manifest, $"its manifest '{manifest}' cannot be read: {e.Message}");
        }

        if (model is null) return Broken(name, manifest, $"its manifest '{manifest}' names no model layer");
        var modelPath = BlobPath(model.Sha256);
        var projectorPath = projector is null ? null : BlobPath(projector.Sha256);
        var missing = new[] { modelPath, projectorPath }.Where(p => p is not null && ModelFile.Resolve(p) is null).ToList();
        var problem = missing.Count > 0 ? $"its manifest '{manifest}' names missing blob {string.Join(" and ", missing)}" : null;
        return new OllamaModel(name, modelPath, model.Sha256, model.Size, projectorPath, projector?.Sha256, projector?.Size ?? 0, problem);
    }

    private static OllamaModel Broken(string name, string manifest, string problem) => new(name, manifest, "", 0, null, null, 0, problem);

    private string BlobPath(string sha256) => Path.Combine(Directory, "blobs", "sha256-" + sha256);

    /// <summary>One manifest layer with a well-formed <c>sha256:</c> digest (anything else cannot name a blob safely).</summary>
    private sealed record Layer(string MediaType, string Sha256, long Size)
    {
        public static Layer? From(JsonElement layer)
        {
            if (layer.ValueKind != JsonValueKind.Object
                || !layer.TryGetProperty("mediaType", out var type) || type.ValueKind != JsonValueKind.String
                || !layer.TryGetProperty("digest", out var digest) || digest.ValueKind != JsonValueKind.String)
                return null;
            var hex = digest.GetString()!;
            if (!hex.StartsWith("sha256:", StringComparison.Ordinal)) return null;
            hex = hex["sha256:".Length..];
            if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit)) return null;
            var size = layer.TryGetProperty("size", out var s) && s.TryGetInt64(out var n) ? n : -1;
            return new Layer(type.GetString()!, hex.ToLowerInvariant(), size);
        }
    }
}
