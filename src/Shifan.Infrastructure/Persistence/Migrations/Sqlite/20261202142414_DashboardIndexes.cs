using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shifan.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DashboardIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ReviewRounds_ReviewId",
                table: "ReviewRounds");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewRounds_ReviewId_Action_At",
                table: "ReviewRounds",
                columns: new[] { "ReviewId", "Action", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_RequirementReviews_CampaignId_NodeId_UnitId_State",
                table: "RequirementReviews",
                columns: new[] { "CampaignId", "NodeId", "UnitId", "State" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ReviewRounds_ReviewId_Action_At",
                table: "ReviewRounds");

            migrationBuilder.DropIndex(
                name: "IX_RequirementReviews_CampaignId_NodeId_UnitId_State",
                table: "RequirementReviews");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewRounds_ReviewId",
                table: "ReviewRounds",
                column: "ReviewId");
        }
    }
}
