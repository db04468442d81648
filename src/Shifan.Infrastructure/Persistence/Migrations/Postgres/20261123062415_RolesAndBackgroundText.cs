using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shifan.Infrastructure.Persistence.Migrations.Postgres
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
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "RoleDefinitions",
                columns: table => new
                {
                    Role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Permissions = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    DataScope = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
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
