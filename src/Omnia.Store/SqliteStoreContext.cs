using Microsoft.EntityFrameworkCore;

namespace Omnia.Store;

/// <summary>The store on SQLite; its migrations are in <c>Migrations/Sqlite</c>.</summary>
internal sealed class SqliteStoreContext(DbContextOptions<SqliteStoreContext> options) : StoreContext(options);
