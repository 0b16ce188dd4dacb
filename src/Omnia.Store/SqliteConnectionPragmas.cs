using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Omnia.Store;

/// <summary>
/// Sets each SQLite connection up as it opens: it waits for the write lock instead of failing at once (two requests
/// writing together take turns; past <see cref="BusyTimeout"/> the write fails with SQLITE_BUSY and the store reports
/// itself unavailable), and each commit reaches the disk before it returns (<c>synchronous=FULL</c>: what a client
/// was told is stored survives a crash or a power cut).
/// </summary>
internal sealed class SqliteConnectionPragmas : DbConnectionInterceptor
{
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(5);

    private static readonly string Pragmas = $"PRAGMA busy_timeout={(int)BusyTimeout.TotalMilliseconds}; PRAGMA synchronous=FULL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
