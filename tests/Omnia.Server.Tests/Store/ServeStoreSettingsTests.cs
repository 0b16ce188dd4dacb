using System.Net.Sockets;
using Omnia.Cli.Hosting;
using Omnia.Storage;
using Omnia.Store;
using Microsoft.Extensions.DependencyInjection;

namespace Omnia.Server.Tests.Store;

/// <summary><c>omnia serve</c>'s store settings: where SQLite goes, what <c>--store</c> accepts, and a start without its database.</summary>
public sealed class ServeStoreSettingsTests
{
    [Fact]
    public void Without_store_the_SQLite_file_is_omnia_db_in_the_data_directory()
    {
        var location = new ServeSettings { DataDir = "/var/lib/omnia" }.ResolveStore();

        Assert.Equal(StoreProvider.Sqlite, location.Provider);
        Assert.Equal("/var/lib/omnia/omnia.db", location.Describe());
    }

    [Fact]
    public void The_default_data_directory_is_under_the_XDG_data_home()
    {
        var expected = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
            ? Path.Combine(xdg, "omnia")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "omnia");

        Assert.Equal(expected, new ServeSettings().DataDir);
    }

    [Theory]
    [InlineData("Host=db.internal;Database=omnia;Username=omnia;Password=secret", "db.internal:5432/omnia")]
    [InlineData("postgres://omnia:s%40cret@db.internal:6543/omnia?sslmode=require", "db.internal:6543/omnia")]
    [InlineData("postgresql://omnia@db.internal/omnia", "db.internal:5432/omnia")]
    public void Store_takes_a_PostgreSQL_connection_string_or_url_and_never_prints_its_password(string value, string described)
    {
        var location = new ServeSettings { Store = value }.ResolveStore();

        Assert.Equal(StoreProvider.PostgreSql, location.Provider);
        Assert.Equal(described, location.Describe());
        Assert.DoesNotContain("cret", location.ToString());
    }

    [Fact]
    public void A_url_password_is_unescaped()
    {
        var location = StoreLocation.PostgreSql("postgres://omnia:s%40cret@db/omnia");

        Assert.Contains("Password=s@cret", location.ConnectionString);
    }

    [Theory]
    [InlineData("mysql://root@db/omnia")]
    [InlineData("/var/lib/omnia/omnia.db")]
    [InlineData("Host=db;Frobnicate=yes")]
    public async Task Anything_else_is_refused_at_start_with_a_clear_message(string value)
    {
        var (exit, _, error) = await OmniaExecutable.RunAsync("serve", "--store", value, "--port", "0", "--offline");

        Assert.Equal(2, exit);
        Assert.Contains("--store", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task A_PostgreSQL_that_is_down_stops_the_start_with_one_clear_line_and_no_stack()
    {
        var (exit, _, error) = await OmniaExecutable.RunAsync(
            "serve", "--store", $"Host=127.0.0.1;Port={ClosedPort()};Database=omnia;Username=omnia;Timeout=5", "--port", "0", "--offline");

        Assert.Equal(1, exit);
        Assert.Contains("The PostgreSQL store is unavailable", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task A_test_server_keeps_its_SQLite_file_in_a_temporary_directory_removed_at_the_end()
    {
        string file;
        await using (var server = await OmniaServerInstance.StartAsync())
        {
            var store = server.Services.GetRequiredService<StoreDatabase>();
            file = store.Location.Describe();
            Assert.StartsWith(Path.GetTempPath(), file);
            Assert.True(File.Exists(file));
            await server.Services.GetRequiredService<IConversationStore>().CreateAsync(new StoredConversation("conv_1", DateTimeOffset.UnixEpoch, "{}"), [], CancellationToken.None);
        }
        Assert.False(Directory.Exists(Path.GetDirectoryName(file)));
    }

    /// <summary>A loopback port nothing listens on: bound, read, and released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
