using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shifan.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RolesAndBackgroundText : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "TextPending",
                table: "EvidenceVersions",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "RoleDefinitions",
                columns: table => new
                {
                    Role = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Permissions = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    DataScope = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RoleDefinitions", x => x.Role);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EvidenceVersions_TextPending",
                table: "EvidenceVersions",
                column: "TextPending");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RoleDefinitions");

            migrationBuilder.DropIndex(
                name: "IX_EvidenceVersions_TextPending",
                table: "EvidenceVersions");

            migrationBuilder.DropColumn(
                name: "TextPending",
                table: "EvidenceVersions");
        }
    }
}
