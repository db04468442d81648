using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Shifan.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SupervisionDashboard : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Bulletins",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CampaignId = table.Column<int>(type: "integer", nullable: false),
                    PeriodId = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Summary = table.Column<string>(type: "text", nullable: false),
                    Praised = table.Column<string>(type: "text", nullable: false),
                    Lagging = table.Column<string>(type: "text", nullable: false),
                    Problems = table.Column<string>(type: "text", nullable: false),
                    NextSteps = table.Column<string>(type: "text", nullable: false),
                    RankingTable = table.Column<string>(type: "text", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: true),
                    Number = table.Column<int>(type: "integer", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PublishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    PublishedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Archive = table.Column<byte[]>(type: "bytea", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Bulletins", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Bulletins_Campaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "Campaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Bulletins_LedgerPeriods_PeriodId",
                        column: x => x.PeriodId,
                        principalTable: "LedgerPeriods",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SupervisionSettings",
                columns: table => new
                {
                    CampaignId = table.Column<int>(type: "integer", nullable: false),
                    YellowDaysBeforeDue = table.Column<int>(type: "integer", nullable: false),
                    YellowReturns = table.Column<int>(type: "integer", nullable: false),
                    RedReturns = table.Column<int>(type: "integer", nullable: false),
                    WeightCompletion = table.Column<int>(type: "integer", nullable: false),
                    WeightTimeliness = table.Column<int>(type: "integer", nullable: false),
                    WeightReturns = table.Column<int>(type: "integer", nullable: false),
                    WeightApprovals = table.Column<int>(type: "integer", nullable: false),
                    IssuingBody = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    NumberPrefix = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupervisionSettings", x => x.CampaignId);
                    table.ForeignKey(
                        name: "FK_SupervisionSettings_Campaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "Campaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Bulletins_CampaignId_PeriodId",
                table: "Bulletins",
                columns: new[] { "CampaignId", "PeriodId" });

            migrationBuilder.CreateIndex(
                name: "IX_Bulletins_CampaignId_Year_Number",
                table: "Bulletins",
                columns: new[] { "CampaignId", "Year", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Bulletins_PeriodId",
                table: "Bulletins",
                column: "PeriodId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Bulletins");

            migrationBuilder.DropTable(
                name: "SupervisionSettings");
        }
    }
}
