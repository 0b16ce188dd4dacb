using System.Text.Json.Serialization;
using Omnia.Models;

namespace Omnia.Server.OpenAI.Models;

/// <summary>
/// A <c>model</c> object as OpenAI lists it, plus Omnia's own fields: its role, whether it is ready, why it failed,
/// which inputs it takes natively, and the store its file came from (<c>source</c>).
/// </summary>
public sealed record ModelObject(
    string Id,
    long Created,
    string OwnedBy,
    string Role,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error,
    IReadOnlyList<string> InputModalities,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Languages,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Source)
{
    public string Object => "model";

    public static ModelObject From(ServedModel model) => new(
        model.Id,
        model.Created.ToUnixTimeSeconds(),
        "omnia",
        model.Role.Value,
        model.State.ToString().ToLowerInvariant(),
        model.Error,
        model.InputModalities,
        model.Languages.Count > 0 ? model.Languages : null,
        model.Origin switch
        {
            ModelOrigin.ModelsDir => "models_dir",
            ModelOrigin.HuggingFaceCache => "huggingface_cache",
            ModelOrigin.Ollama => "ollama",
            ModelOrigin.LmStudio => "lmstudio",
            _ => null,
        });
}

public sealed record ModelList(IReadOnlyList<ModelObject> Data)
{
    public string Object => "list";
}
