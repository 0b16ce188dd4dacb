using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Omnia.Store;

/// <summary>What <c>dotnet ef migrations add</c> builds the PostgreSQL model with (no database is opened).</summary>
internal sealed class PostgreSqlDesignTimeContext : IDesignTimeDbContextFactory<PostgreSqlStoreContext>
{
    public PostgreSqlStoreContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlStoreContext>().UseNpgsql("Host=localhost;Database=omnia").Options);
}
