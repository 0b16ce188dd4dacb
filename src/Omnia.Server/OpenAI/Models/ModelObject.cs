using System.Text.Json.Serialization;
using Omnia.Models;

namespace Omnia.Server.OpenAI.Models;

/// <summary>
/// A <c>model</c> object as OpenAI lists it, plus Omnia's own fields: its role, whether it is ready, why it failed,
/// and which inputs it takes natively.
/// </summary>
public sealed record ModelObject(
    string Id,
    long Created,
    string OwnedBy,
    string Role,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error,
    IReadOnlyList<string> InputModalities,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Languages)
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
        model.Languages.Count > 0 ? model.Languages : null);
}

public sealed record ModelList(IReadOnlyList<ModelObject> Data)
{
    public string Object => "list";
}
