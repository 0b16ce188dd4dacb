using Omnia.Catalog;

namespace Omnia.Models.Download;

/// <summary>One file's pull: where it is, how it ended, its verified SHA-256, or the one-line reason it failed.</summary>
public sealed record ModelPullResult(CatalogEntry Entry, string Path, ModelPullOutcome Outcome, string? Sha256, string? Error);
