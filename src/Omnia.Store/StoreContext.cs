using System.Text;
using Microsoft.EntityFrameworkCore;
using Omnia.Store.Rows;

namespace Omnia.Store;

/// <summary>
/// The store's one model. Each provider has its own subclass only so that EF keeps a migration set per provider
/// (<see cref="SqliteStoreContext"/>, <see cref="PostgreSqlStoreContext"/>); the tables are the same.
/// </summary>
internal abstract class StoreContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<ResponseRow> Responses => Set<ResponseRow>();
    public DbSet<ResponseItemRow> ResponseItems => Set<ResponseItemRow>();
    public DbSet<ConversationRow> Conversations => Set<ConversationRow>();
    public DbSet<ConversationItemRow> ConversationItems => Set<ConversationItemRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ResponseRow>(response =>
        {
            response.ToTable("responses");
            response.HasKey(r => r.Id);
        });
        modelBuilder.Entity<ResponseItemRow>(item =>
        {
            item.ToTable("response_items");
            item.HasKey(i => new { i.ResponseId, i.IsOutput, i.Position });
            item.HasOne<ResponseRow>().WithMany().HasForeignKey(i => i.ResponseId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<ConversationRow>(conversation =>
        {
            conversation.ToTable("conversations");
            conversation.HasKey(c => c.Id);
        });
        modelBuilder.Entity<ConversationItemRow>(item =>
        {
            item.ToTable("conversation_items");
            item.HasKey(i => new { i.ConversationId, i.Position });
            // Not unique: the ids come from the protocol layer, and a repeated one must not fail a whole append.
            item.HasIndex(i => new { i.ConversationId, i.ItemId });
            item.HasOne<ConversationRow>().WithMany().HasForeignKey(i => i.ConversationId).OnDelete(DeleteBehavior.Cascade);
        });
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
            foreach (var property in entity.GetProperties())
                property.SetColumnName(SnakeCase(property.Name));
    }

    private static string SnakeCase(string name)
    {
        var snake = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && snake.Length > 0) snake.Append('_');
            snake.Append(char.ToLowerInvariant(c));
        }
        return snake.ToString();
    }
}
