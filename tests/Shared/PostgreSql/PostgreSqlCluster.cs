using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Omnia.Tests;

/// <summary>
/// A throwaway PostgreSQL cluster from Debian's <c>postgresql</c> binaries: initdb into a temporary directory, served
/// on a unix socket in that directory only, stopped and removed at the end. PostgreSQL refuses to run as root, so as
/// root (CI) the cluster belongs to the <c>postgres</c> system user.
/// </summary>
public sealed class PostgreSqlCluster : IAsyncLifetime
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("omnia-pg-");
    private readonly string _bin = FindBinaries();
    private readonly bool _asRoot = EffectiveUserId() == 0;
    private readonly int _port = FreePort();
    private int _databases;

    private string DataDir => Path.Combine(_root.FullName, "data");

    public async Task InitializeAsync()
    {
        if (_asRoot) await RunAsync("chown", "postgres:postgres", _root.FullName);
        await RunPostgresAsync("initdb", "-D", DataDir, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--no-locale");
        await RunPostgresAsync("pg_ctl", "-D", DataDir, "-l", Path.Combine(_root.FullName, "server.log"), "-w", "-t", "30", "start",
            "-o", $"-p {_port} -k {_root.FullName} -c listen_addresses='' -c fsync=off -c full_page_writes=off");
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunPostgresAsync("pg_ctl", "-D", DataDir, "-m", "immediate", "-w", "stop");
        }
        finally
        {
            _root.Delete(recursive: true);
        }
    }

    /// <summary>A new empty database on the cluster: its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"omnia_{Interlocked.Increment(ref _databases)}";
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>Drops the database under whoever is connected to it: the store's database going away.</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE {name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = _root.FullName, Port = _port, Username = "postgres", Database = database }.ConnectionString;

    /// <summary>The newest installed version's bin directory (<c>/usr/lib/postgresql/N/bin</c>).</summary>
    private static string FindBinaries()
    {
        const string installed = "/usr/lib/postgresql";
        var newest = Directory.Exists(installed)
            ? Directory.GetDirectories(installed)
                .Where(d => int.TryParse(Path.GetFileName(d), out _) && File.Exists(Path.Combine(d, "bin", "initdb")))
                .OrderByDescending(d => int.Parse(Path.GetFileName(d), System.Globalization.CultureInfo.InvariantCulture))
                .FirstOrDefault()
            : null;
        return newest is null
            ? throw new InvalidOperationException("PostgreSQL is not installed (Debian package postgresql; ./omnia installs it).")
            : Path.Combine(newest, "bin");
    }

    private Task RunPostgresAsync(string program, params string[] arguments) =>
        _asRoot
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, program), .. arguments])
            : RunAsync(Path.Combine(_bin, program), arguments);

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {await output}{await error}");
    }

    /// <summary>The effective uid, from <c>/proc/self/status</c> (real, effective, saved, filesystem).</summary>
    private static int EffectiveUserId() =>
        int.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal))
            .Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[2], System.Globalization.CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
