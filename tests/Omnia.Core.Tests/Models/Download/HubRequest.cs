namespace Omnia.Core.Tests.Models.Download;

/// <summary>One request the mirror saw.</summary>
public sealed record HubRequest(string Host, string Path, string Range, string Authorization);
