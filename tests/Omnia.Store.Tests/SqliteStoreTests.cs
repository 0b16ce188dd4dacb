namespace Omnia.Store.Tests;

/// <summary>The store's contract on SQLite: a file in a temporary data directory.</summary>
public sealed class SqliteStoreTests : StoreTests, IDisposable
{
    private readonly DirectoryInfo _dataDir = Directory.CreateTempSubdirectory("omnia-store-");

    protected override string StoreName => "SQLite";

    protected override Task<StoreLocation> CreateDatabaseAsync() =>
        // A directory the store creates itself, as the server's --data-dir.
        Task.FromResult(StoreLocation.InDataDirectory(Path.Combine(_dataDir.FullName, "data")));

    /// <summary>The data directory removed (an unmounted disk, a cleanup gone wrong): the file cannot be opened.</summary>
    protected override Task TakeAwayAsync(StoreLocation location)
    {
        // MigrateAsync would create the directory again; a file in its place stops that too.
        Directory.Delete(Path.Combine(_dataDir.FullName, "data"), recursive: true);
        File.WriteAllText(Path.Combine(_dataDir.FullName, "data"), "not a directory");
        return Task.CompletedTask;
    }

    public void Dispose() => _dataDir.Delete(recursive: true);
}
