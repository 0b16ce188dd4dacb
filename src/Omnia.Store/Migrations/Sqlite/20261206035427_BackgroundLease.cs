using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omnia.Store.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BackgroundLease : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "lease_expires_at",
                table: "responses",
                type: "TEXT",
                nullable: true);

            // Responses a server left running before leases existed (it crashed) get one that has expired: the next
            // read records them as failed instead of leaving their clients polling forever.
            migrationBuilder.Sql("UPDATE responses SET lease_expires_at = created_at WHERE status IN ('queued', 'in_progress');");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "lease_expires_at",
                table: "responses");
        }
    }
}
