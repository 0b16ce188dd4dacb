using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Omnia.Store;

/// <summary>
/// Makes each SQLite connection wait for the write lock instead of failing at once: two requests writing together
/// take turns. Past <see cref="Timeout"/> the write fails (SQLITE_BUSY) and the store reports itself unavailable.
/// </summary>
internal sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private static readonly string Pragma = $"PRAGMA busy_timeout={(int)Timeout.TotalMilliseconds};";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
