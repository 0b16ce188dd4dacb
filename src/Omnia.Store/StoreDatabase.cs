using System.Data;
using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Omnia.Storage;

namespace Omnia.Store;

/// <summary>
/// The database behind <see cref="IResponseStore"/> and <see cref="IConversationStore"/>: makes a context per call,
/// runs each call in one transaction, and turns the database's failures into <see cref="StoreUnavailableException"/>.
/// </summary>
/// <remarks>Thread-safe: nothing is shared between calls but immutable options.</remarks>
public sealed class StoreDatabase
{
    private readonly Func<StoreContext> _createContext;

    public StoreDatabase(StoreLocation location)
    {
        Location = location;
        _createContext = location.Provider switch
        {
            StoreProvider.Sqlite => SqliteContexts(location.ConnectionString),
            _ => PostgreSqlContexts(location.ConnectionString),
        };
        Responses = new ResponseStore(this);
        Conversations = new ConversationStore(this);
    }

    public StoreLocation Location { get; }

    public IResponseStore Responses { get; }

    public IConversationStore Conversations { get; }

    /// <summary>
    /// Creates the SQLite file's directory and applies the migrations this version has and the database lacks. On
    /// PostgreSQL a node holds <see cref="PostgreSqlMigrationLock"/> meanwhile, so nodes starting together migrate once.
    /// </summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (Location.Provider == StoreProvider.Sqlite)
                Directory.CreateDirectory(Path.GetDirectoryName(new SqliteConnectionStringBuilder(Location.ConnectionString).DataSource)!);
            await using var context = _createContext();
            await using (var held = Location.Provider == StoreProvider.Sqlite ? null : await PostgreSqlMigrationLock.AcquireAsync(context, Location.ConnectionString, cancellationToken))
                await context.Database.MigrateAsync(cancellationToken);
            // Readers never wait for the writer and the writer never waits for readers; kept in the file once set.
            if (Location.Provider == StoreProvider.Sqlite)
                await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        catch (Exception e) when (IsDatabaseFailure(e))
        {
            throw new StoreUnavailableException(Location.Name, e);
        }
    }

    /// <summary>Runs <paramref name="work"/> in a write transaction, committed when it returns.</summary>
    internal async Task<T> WriteAsync<T>(Func<StoreContext, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var context = _createContext();
            // On SQLite this is BEGIN IMMEDIATE: the write lock is taken (waiting up to the busy timeout) before the
            // first read, so a transaction never has to upgrade a stale read snapshot and fail.
            await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
            var result = await work(context);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        catch (Exception e) when (IsDatabaseFailure(e))
        {
            throw new StoreUnavailableException(Location.Name, e);
        }
    }

    /// <summary>Runs <paramref name="work"/> in a read-only transaction: its queries see one snapshot.</summary>
    internal async Task<T> ReadAsync<T>(Func<StoreContext, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var context = _createContext();
            if (Location.Provider == StoreProvider.Sqlite)
            {
                // A deferred BEGIN takes no write lock: readers run beside the writer (WAL).
                await context.Database.OpenConnectionAsync(cancellationToken);
                var connection = (SqliteConnection)context.Database.GetDbConnection();
                await using var deferred = connection.BeginTransaction(deferred: true);
                await context.Database.UseTransactionAsync(deferred, cancellationToken);
                return await work(context);
            }
            await using var transaction = await context.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
            return await work(context);
        }
        catch (Exception e) when (IsDatabaseFailure(e))
        {
            throw new StoreUnavailableException(Location.Name, e);
        }
    }

    /// <summary>
    /// Whether the exception, or one it wraps, comes from the database or the way to it (a provider error, an update
    /// that failed in the database, a timeout, a broken socket or file). A cancelled call is not a failure.
    /// </summary>
    internal static bool IsDatabaseFailure(Exception exception)
    {
        if (exception is OperationCanceledException) return false;
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is DbException or DbUpdateException or TimeoutException or IOException or SocketException) return true;
        return false;
    }

    private static Func<StoreContext> SqliteContexts(string connectionString)
    {
        var options = new DbContextOptionsBuilder<SqliteStoreContext>()
            .UseSqlite(connectionString)
            .AddInterceptors(new SqliteConnectionPragmas())
            .Options;
        return () => new SqliteStoreContext(options);
    }

    private static Func<StoreContext> PostgreSqlContexts(string connectionString)
    {
        var options = new DbContextOptionsBuilder<PostgreSqlStoreContext>().UseNpgsql(connectionString).Options;
        return () => new PostgreSqlStoreContext(options);
    }
}
