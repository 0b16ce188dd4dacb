namespace Omnia.Models.Sources;

/// <summary>A folder of another tool's store that could not be listed, and why; it is skipped, the rest is searched.</summary>
public sealed record UnreadableDirectory(string Path, string Reason);
