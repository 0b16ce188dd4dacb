using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Omnia.Store.Rows;

namespace Omnia.Store;

/// <summary>The store on SQLite; its migrations are in <c>Migrations/Sqlite</c>.</summary>
internal sealed class SqliteStoreContext(DbContextOptions<SqliteStoreContext> options) : StoreContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // SQLite cannot order or compare DateTimeOffset; as the same TEXT it already is (the provider's own format),
        // it can. The store writes UTC only, so the text sorts as the time does: the conversation list pages by it.
        modelBuilder.Entity<ConversationRow>().Property(c => c.CreatedAt).HasConversion(new DateTimeOffsetToStringConverter());
        // Leases are compared with the reader's clock (an expired one fails its response).
        modelBuilder.Entity<ResponseRow>().Property(r => r.LeaseExpiresAt).HasConversion(new DateTimeOffsetToStringConverter());
    }
}
