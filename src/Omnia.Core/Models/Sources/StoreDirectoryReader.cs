using System.Collections.Concurrent;
using System.Security;

namespace Omnia.Models.Sources;

/// <summary>
/// Lists the folders of other tools' stores. A folder that cannot be read (permission denied, an I/O error) holds
/// nothing, so the rest of the store is still searched, and is remembered with its reason so that it is reported by
/// name; a folder that does not exist is simply empty.
/// </summary>
/// <remarks>Thread-safe: a store is searched by several requests at once.</remarks>
public class StoreDirectoryReader
{
    private readonly ConcurrentDictionary<string, string> _unreadable = new(StringComparer.Ordinal);

    /// <summary>The folders whose last listing failed, with the reason, in path order.</summary>
    public IReadOnlyList<UnreadableDirectory> Unreadable =>
        _unreadable.Select(u => new UnreadableDirectory(u.Key, u.Value)).OrderBy(u => u.Path, StringComparer.Ordinal).ToList();

    /// <summary>The subfolders of <paramref name="directory"/> matching <paramref name="pattern"/>, in ordinal order.</summary>
    public IReadOnlyList<string> Directories(string directory, string pattern = "*") =>
        List(directory, pattern, directories: true, SearchOption.TopDirectoryOnly);

    /// <summary>The files of <paramref name="directory"/> (and below it, when asked) matching <paramref name="pattern"/>, in ordinal order.</summary>
    public IReadOnlyList<string> Files(string directory, string pattern = "*", SearchOption option = SearchOption.TopDirectoryOnly) =>
        List(directory, pattern, directories: false, option);

    /// <summary>The one place the file system is listed; a test fake overrides it to refuse a folder as the OS would.</summary>
    protected virtual IEnumerable<string> Enumerate(string directory, string pattern, bool directories, SearchOption option) =>
        directories ? Directory.EnumerateDirectories(directory, pattern, option) : Directory.EnumerateFiles(directory, pattern, option);

    private IReadOnlyList<string> List(string directory, string pattern, bool directories, SearchOption option)
    {
        try
        {
            var entries = Enumerate(directory, pattern, directories, option).Order(StringComparer.Ordinal).ToList();
            _unreadable.TryRemove(directory, out _);
            return entries;
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SecurityException)
        {
            _unreadable[directory] = e.Message;
            return [];
        }
    }
}
