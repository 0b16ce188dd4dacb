using Microsoft.EntityFrameworkCore;

namespace Omnia.Store;

/// <summary>The store on PostgreSQL; its migrations are in <c>Migrations/PostgreSql</c>.</summary>
internal sealed class PostgreSqlStoreContext(DbContextOptions<PostgreSqlStoreContext> options) : StoreContext(options);
