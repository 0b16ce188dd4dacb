using System.Collections.Concurrent;
using System.Text.Json;

namespace Omnia.Models;

/// <summary>
/// Remembers which file versions (path, and the size and modification time of the file it names) already matched their SHA-256, so a large model is
/// hashed once rather than at every start. Kept in the user's cache directory because models directories may be read-only.
/// </summary>
public sealed class VerificationLedger(string? file)
{
    private readonly ConcurrentDictionary<string, string> _verified = Load(file);

    public static VerificationLedger Default { get; } = new(Path.Combine(ModelStore.CacheRoot, "verified.json"));

    public bool IsVerified(FileInfo info, string sha256) =>
        Key(info) is { } key && _verified.TryGetValue(key, out var known) && string.Equals(known, sha256, StringComparison.OrdinalIgnoreCase);

    public void Record(FileInfo info, string sha256)
    {
        if (Key(info) is not { } key) return;
        _verified[key] = sha256;
        if (file is null) return;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var temporary = file + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(_verified.ToDictionary()));
            File.Move(temporary, file, overwrite: true);
        }
        catch (IOException)
        {
            // A read-only cache only costs a re-hash at the next start.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// The file version <paramref name="info"/> names: a link is keyed by its target (path, size and time), so the
    /// link's own size and time never vouch for content; null when there is no file to vouch for.
    /// </summary>
    private static string? Key(FileInfo info) =>
        ModelFile.Resolve(info.FullName) is { } file ? $"{file.FullName}|{file.Length}|{file.LastWriteTimeUtc.Ticks}" : null;

    /// <summary>The path part of a <see cref="Key"/> (paths may themselves hold '|', so it is cut at the last two).</summary>
    private static string PathOf(string key)
    {
        var last = key.LastIndexOf('|');
        var cut = last > 0 ? key.LastIndexOf('|', last - 1) : -1;
        return cut > 0 ? key[..cut] : "";
    }

    private static ConcurrentDictionary<string, string> Load(string? file)
    {
        try
        {
            if (file is not null && File.Exists(file))
            {
                // Entries of files that are gone (deleted models, test directories) are dropped, so the ledger does not grow forever.
                var entries = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(file)) ?? [];
                return new(entries.Where(e => File.Exists(PathOf(e.Key))));
            }
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
        }
        return new();
    }
}
