namespace Omnia.Catalog;

/// <summary>Where a catalog file is downloaded from: a Hugging Face repository file, or a plain URL.</summary>
public sealed record ModelSource
{
    /// <summary>Hugging Face repository, e.g. <c>ggml-org/tiny-llamas</c>.</summary>
    public string? Repo { get; init; }

    /// <summary>Path of the file inside <see cref="Repo"/>.</summary>
    public string? Path { get; init; }

    /// <summary>Git revision (branch, tag or commit) of <see cref="Repo"/>.</summary>
    public string Revision { get; init; } = "main";

    /// <summary>A direct download address, used when there is no <see cref="Repo"/>.</summary>
    public Uri? Url { get; init; }
}
