using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Omnia.Store;

/// <summary>
/// Holds a PostgreSQL advisory lock while one node migrates. EF's own migration lock on PostgreSQL lasts one
/// migration's transaction and is taken again for the next, so two nodes starting together with two or more
/// migrations pending could each apply a later one (the second failing: its column already exists). This lock spans
/// the whole <c>MigrateAsync</c>; the node that waited for it then finds nothing left to apply.
/// </summary>
internal sealed class PostgreSqlMigrationLock : IAsyncDisposable
{
    /// <summary>The advisory lock's key: any number no one else uses on the store's database ("omnia mg" in ASCII).</summary>
    private const long Key = 0x6F6D6E6961206D67;

    private readonly NpgsqlConnection _connection;

    private PostgreSqlMigrationLock(NpgsqlConnection connection) => _connection = connection;

    /// <summary>Creates the database when it is missing (as EF would), then waits for the lock on it.</summary>
    public static async Task<PostgreSqlMigrationLock> AcquireAsync(DbContext context, string connectionString, CancellationToken cancellationToken)
    {
        var creator = context.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken))
        {
            try
            {
                await creator.CreateAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // Another node created it meanwhile.
            }
        }
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"SELECT pg_advisory_lock({Key})", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new PostgreSqlMigrationLock(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Released explicitly: a pooled connection's session outlives its closing.
            await using var command = new NpgsqlCommand($"SELECT pg_advisory_unlock({Key})", _connection);
            await command.ExecuteNonQueryAsync();
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
