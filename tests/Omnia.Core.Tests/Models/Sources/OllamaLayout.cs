using System.Security.Cryptography;

namespace Omnia.Core.Tests.Models.Sources;

/// <summary>
/// Ollama's store in a temporary directory: manifests naming <c>blobs/sha256-{hex}</c> by digest, filed under
/// <c>manifests/{registry}/{namespace}/{model}/{tag}</c> as <c>ollama pull</c> files them.
/// </summary>
public sealed class OllamaLayout : IDisposable
{
    private readonly DirectoryInfo _root = System.IO.Directory.CreateTempSubdirectory("omnia-ollama-");

    public string Directory => _root.FullName;

    /// <summary>Writes the manifest of <c>{name}:{tag}</c> and its blobs; returns the model blob's path.</summary>
    /// <param name="name">As Ollama takes it: <c>model</c> (its library), <c>user/model</c> or <c>registry/namespace/model</c>.</param>
    /// <param name="writtenModel">What the model blob really holds, when it differs from what the manifest describes; null writes no blob.</param>
    public string Add(string name, string tag, byte[] model, byte[]? projector = null, Func<byte[], byte[]?>? writtenModel = null)
    {
        var modelLayer = Blob(model, writtenModel is null ? model : writtenModel(model));
        var layers = $$"""{"mediaType":"application/vnd.ollama.image.model","digest":"sha256:{{modelLayer.Hex}}","size":{{model.Length}}}""";
        if (projector is not null)
            layers += $$""",{"mediaType":"application/vnd.ollama.image.projector","digest":"sha256:{{Blob(projector, projector).Hex}}","size":{{projector.Length}}}""";
        WriteManifest(name, tag, $$"""{"schemaVersion":2,"layers":[{{layers}}]}""");
        return modelLayer.Path;
    }

    public void WriteManifest(string name, string tag, string json)
    {
        var parts = name.Split('/');
        var (registry, space, model) = parts.Length switch
        {
            1 => ("registry.ollama.ai", "library", parts[0]),
            2 => ("registry.ollama.ai", parts[0], parts[1]),
            _ => (parts[0], parts[1], parts[2]),
        };
        var manifest = Path.Combine(Directory, "manifests", registry, space, model, tag);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(manifest)!);
        File.WriteAllText(manifest, json);
    }

    private (string Hex, string Path) Blob(byte[] described, byte[]? written)
    {
        var hex = Convert.ToHexStringLower(SHA256.HashData(described));
        var path = Path.Combine(Directory, "blobs", "sha256-" + hex);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (written is not null) File.WriteAllBytes(path, written);
        return (hex, path);
    }

    public void Dispose() => _root.Delete(recursive: true);
}
