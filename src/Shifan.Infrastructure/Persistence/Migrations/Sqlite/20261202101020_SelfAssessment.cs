using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shifan.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SelfAssessment : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "Weight",
                table: "FrameworkNodes",
                type: "TEXT",
                precision: 9,
                scale: 2,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "IndicatorRatings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CampaignId = table.Column<int>(type: "INTEGER", nullable: false),
                    NodeId = table.Column<int>(type: "INTEGER", nullable: false),
                    Side = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: true),
                    Level = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    EvidenceIds = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    RatedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IndicatorRatings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IndicatorRatings_Campaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "Campaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_IndicatorRatings_FrameworkNodes_NodeId",
                        column: x => x.NodeId,
                        principalTable: "FrameworkNodes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_IndicatorRatings_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Problems",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CampaignId = table.Column<int>(type: "INTEGER", nullable: false),
                    No = table.Column<int>(type: "INTEGER", nullable: false),
                    NodeId = table.Column<int>(type: "INTEGER", nullable: true),
                    OwnerUnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SourceId = table.Column<int>(type: "INTEGER", nullable: true),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Measure = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Deadline = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ProofEvidenceIds = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ProofNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ReturnReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Problems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Problems_Campaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "Campaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Problems_FrameworkNodes_NodeId",
                        column: x => x.NodeId,
                        principalTable: "FrameworkNodes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Problems_Units_OwnerUnitId",
                        column: x => x.OwnerUnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ScoreSnapshots",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CampaignId = table.Column<int>(type: "INTEGER", nullable: false),
                    Month = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    Total = table.Column<decimal>(type: "TEXT", precision: 9, scale: 2, nullable: false),
                    BaseScore = table.Column<decimal>(type: "TEXT", precision: 9, scale: 2, nullable: false),
                    Bonus = table.Column<decimal>(type: "TEXT", precision: 9, scale: 2, nullable: false),
                    Deduction = table.Column<decimal>(type: "TEXT", precision: 9, scale: 2, nullable: false),
                    Vetoed = table.Column<bool>(type: "INTEGER", nullable: false),
                    Unrated = table.Column<int>(type: "INTEGER", nullable: false),
                    Areas = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    TakenAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScoreSnapshots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ScoreSnapshots_Campaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "Campaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SelfAssessmentReports",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CampaignId = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Sections = table.Column<string>(type: "TEXT", maxLength: 500000, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FinalizedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FinalizedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Archive = table.Column<byte[]>(type: "BLOB", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SelfAssessmentReports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SelfAssessmentReports_Campaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "Campaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SelfAssessmentReports_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ThresholdFigures",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CampaignId = table.Column<int>(type: "INTEGER", nullable: false),
                    NodeId = table.Column<int>(type: "INTEGER", nullable: false),
                    ThresholdKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Figure = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: true),
                    EnteredBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    EnteredAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ThresholdFigures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ThresholdFigures_Campaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "Campaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ThresholdFigures_FrameworkNodes_NodeId",
                        column: x => x.NodeId,
                        principalTable: "FrameworkNodes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ThresholdFigures_Units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "Units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ProblemSteps",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProblemId = table.Column<int>(type: "INTEGER", nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProblemSteps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProblemSteps_Problems_ProblemId",
                        column: x => x.ProblemId,
                        principalTable: "Problems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IndicatorRatings_CampaignId_NodeId_Side",
                table: "IndicatorRatings",
                columns: new[] { "CampaignId", "NodeId", "Side" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IndicatorRatings_NodeId",
                table: "IndicatorRatings",
                column: "NodeId");

            migrationBuilder.CreateIndex(
                name: "IX_IndicatorRatings_UnitId",
                table: "IndicatorRatings",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_Problems_CampaignId_No",
                table: "Problems",
                columns: new[] { "CampaignId", "No" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Problems_CampaignId_OwnerUnitId",
                table: "Problems",
                columns: new[] { "CampaignId", "OwnerUnitId" });

            migrationBuilder.CreateIndex(
                name: "IX_Problems_CampaignId_Status",
                table: "Problems",
                columns: new[] { "CampaignId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Problems_NodeId",
                table: "Problems",
                column: "NodeId");

            migrationBuilder.CreateIndex(
                name: "IX_Problems_OwnerUnitId",
                table: "Problems",
                column: "OwnerUnitId");

            migrationBuilder.CreateIndex(
                name: "IX_ProblemSteps_ProblemId",
                table: "ProblemSteps",
                column: "ProblemId");

            migrationBuilder.CreateIndex(
                name: "IX_ScoreSnapshots_CampaignId_Month",
                table: "ScoreSnapshots",
                columns: new[] { "CampaignId", "Month" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SelfAssessmentReports_CampaignId_UnitId_Status",
                table: "SelfAssessmentReports",
                columns: new[] { "CampaignId", "UnitId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_SelfAssessmentReports_UnitId",
                table: "SelfAssessmentReports",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_ThresholdFigures_CampaignId_NodeId_ThresholdKey",
                table: "ThresholdFigures",
                columns: new[] { "CampaignId", "NodeId", "ThresholdKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ThresholdFigures_NodeId",
                table: "ThresholdFigures",
                column: "NodeId");

            migrationBuilder.CreateIndex(
                name: "IX_ThresholdFigures_UnitId",
                table: "ThresholdFigures",
                column: "UnitId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IndicatorRatings");

            migrationBuilder.DropTable(
                name: "ProblemSteps");

            migrationBuilder.DropTable(
                name: "ScoreSnapshots");

            migrationBuilder.DropTable(
                name: "SelfAssessmentReports");

            migrationBuilder.DropTable(
                name: "ThresholdFigures");

            migrationBuilder.DropTable(
                name: "Problems");

            migrationBuilder.DropColumn(
                name: "Weight",
                table: "FrameworkNodes");
        }
    }
}
