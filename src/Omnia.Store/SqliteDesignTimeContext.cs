using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Omnia.Store;

/// <summary>What <c>dotnet ef migrations add</c> builds the SQLite model with (no database is opened).</summary>
internal sealed class SqliteDesignTimeContext : IDesignTimeDbContextFactory<SqliteStoreContext>
{
    public SqliteStoreContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteStoreContext>().UseSqlite("Data Source=design.db").Options);
}
