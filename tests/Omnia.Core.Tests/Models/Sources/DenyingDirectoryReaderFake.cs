using Omnia.Models.Sources;

namespace Omnia.Core.Tests.Models.Sources;

/// <summary>
/// Fakes the operating system refusing to list some folders, as <c>Directory.Enumerate*</c> does for a folder without
/// read permission: the tests run as root, for whom <c>chmod 000</c> refuses nothing. Every other folder is listed for real.
/// </summary>
internal sealed class DenyingDirectoryReaderFake : StoreDirectoryReader
{
    /// <summary>Full paths of the folders to refuse; change it to make a folder readable again.</summary>
    public HashSet<string> Denied { get; } = new(StringComparer.Ordinal);

    protected override IEnumerable<string> Enumerate(string directory, string pattern, bool directories, SearchOption option) =>
        Denied.Contains(Path.GetFullPath(directory))
            ? throw new UnauthorizedAccessException($"Access to the path '{directory}' is denied.")
            : base.Enumerate(directory, pattern, directories, option);
}
