using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shifan.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AuditCampaign : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "CampaignId",
                table: "AuditEntries",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_CampaignId_Id",
                table: "AuditEntries",
                columns: new[] { "CampaignId", "Id" });

            // Records written before this column: tag those whose object still exists and names its campaign.
            foreach (var (entity, table, column) in new[] { ("Campaign", "Campaigns", "Id"), ("CampaignStage", "CampaignStages", "CampaignId"), ("Unit", "Units", "CampaignId"), ("Assignment", "Assignments", "CampaignId"), ("EvidenceItem", "EvidenceItems", "CampaignId") })
                migrationBuilder.Sql($"UPDATE \"AuditEntries\" SET \"CampaignId\" = (SELECT t.\"{column}\" FROM \"{table}\" t WHERE CAST(t.\"Id\" AS TEXT) = \"AuditEntries\".\"EntityId\") WHERE \"Entity\" = '{entity}'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_CampaignId_Id",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "CampaignId",
                table: "AuditEntries");
        }
    }
}
