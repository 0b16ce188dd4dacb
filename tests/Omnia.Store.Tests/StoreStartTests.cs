using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Omnia.Storage;

namespace Omnia.Store.Tests;

/// <summary>Opening the store at start: where SQLite goes and how it is set up, and a database that cannot be reached.</summary>
public sealed class StoreStartTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("omnia-store-start-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public async Task A_new_SQLite_store_creates_its_directory_and_file_in_WAL_mode()
    {
        var dataDir = Path.Combine(_temp.FullName, "a", "b");
        var store = new StoreDatabase(StoreLocation.InDataDirectory(dataDir));

        await store.MigrateAsync(CancellationToken.None);

        var file = Path.Combine(dataDir, StoreLocation.SqliteFileName);
        Assert.True(File.Exists(file));
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = new SqliteCommand("PRAGMA journal_mode;", connection);
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_data_directory_that_cannot_be_made_is_StoreUnavailable_naming_SQLite()
    {
        var blocker = Path.Combine(_temp.FullName, "file");
        await File.WriteAllTextAsync(blocker, "a file where the directory should be");
        var store = new StoreDatabase(StoreLocation.InDataDirectory(Path.Combine(blocker, "data")));

        var failure = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.MigrateAsync(CancellationToken.None));

        Assert.Equal("SQLite", failure.StoreName);
    }

    [Fact]
    public async Task A_PostgreSQL_nobody_listens_on_is_StoreUnavailable_naming_PostgreSQL()
    {
        var store = new StoreDatabase(StoreLocation.PostgreSql($"Host=127.0.0.1;Port={ClosedPort()};Database=omnia;Username=omnia;Timeout=5"));

        var failure = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.MigrateAsync(CancellationToken.None));

        Assert.Equal("PostgreSQL", failure.StoreName);
    }

    /// <summary>A loopback port nothing listens on: bound, read, and released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
