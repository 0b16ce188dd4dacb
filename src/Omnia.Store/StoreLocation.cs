using Microsoft.Data.Sqlite;
using Npgsql;

namespace Omnia.Store;

/// <summary>Where the store lives: a SQLite file in the data directory, or a PostgreSQL database.</summary>
/// <param name="Provider">The database kind.</param>
/// <param name="ConnectionString">The provider's connection string (keyword form).</param>
public sealed record StoreLocation(StoreProvider Provider, string ConnectionString)
{
    /// <summary>The SQLite file's name inside the data directory.</summary>
    public const string SqliteFileName = "omnia.db";

    /// <summary>"SQLite" or "PostgreSQL": the name errors and logs give the store.</summary>
    public string Name => Provider == StoreProvider.Sqlite ? "SQLite" : "PostgreSQL";

    /// <summary>The default data directory: <c>$XDG_DATA_HOME/omnia</c>, else <c>~/.local/share/omnia</c>.</summary>
    public static string DefaultDataDirectory =>
        Path.Combine(
            Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share"),
            "omnia");

    /// <summary>The SQLite file <see cref="SqliteFileName"/> in <paramref name="dataDirectory"/> (created at start when missing).</summary>
    public static StoreLocation InDataDirectory(string dataDirectory) => new(
        StoreProvider.Sqlite,
        // No pooling: each call opens the file anew, so a data directory that went away is an error, not writes into
        // a deleted file that a pooled connection still holds open.
        new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(Path.Combine(dataDirectory, SqliteFileName)), Pooling = false }.ToString());

    /// <summary>
    /// A PostgreSQL database from <c>--store</c>: Npgsql's keyword form (<c>Host=db;Database=omnia;Username=…</c>) or a
    /// <c>postgres://user:password@host:port/database?sslmode=require</c> URL.
    /// </summary>
    /// <exception cref="ArgumentException">The value is neither, or names an unknown setting; the message says which.</exception>
    public static StoreLocation PostgreSql(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return new(StoreProvider.PostgreSql, PostgresUrl.ToConnectionString(trimmed));
        if (!trimmed.StartsWith("Host=", StringComparison.OrdinalIgnoreCase) && !trimmed.StartsWith("Server=", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException(
                "--store takes a PostgreSQL connection string, \"Host=…;Database=…;Username=…;Password=…\" or \"postgres://user:password@host:5432/database\"; without --store the store is SQLite in --data-dir.");
        try
        {
            return new(StoreProvider.PostgreSql, new NpgsqlConnectionStringBuilder(trimmed).ConnectionString);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"--store is not a valid PostgreSQL connection string: {e.Message}", e);
        }
    }

    /// <summary>Where the store is, for logs: the file, or host and database without credentials.</summary>
    public string Describe()
    {
        if (Provider == StoreProvider.Sqlite) return new SqliteConnectionStringBuilder(ConnectionString).DataSource;
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
    }

    /// <summary>A record's printout would show the password; this shows <see cref="Describe"/>.</summary>
    public override string ToString() => $"{Name} {Describe()}";
}
