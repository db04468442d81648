using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shifan.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class EvidenceSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Full-text index for Chinese substrings: trigram GIN index, so LIKE '%…%' does not scan.
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm;");
            migrationBuilder.Sql(@"CREATE TABLE ""EvidenceSearch"" (""ItemId"" integer PRIMARY KEY REFERENCES ""EvidenceItems""(""Id"") ON DELETE CASCADE, ""Content"" text NOT NULL);");
            migrationBuilder.Sql(@"CREATE INDEX ""IX_EvidenceSearch_Content"" ON ""EvidenceSearch"" USING gin (""Content"" gin_trgm_ops);");
            migrationBuilder.Sql(@"INSERT INTO ""EvidenceSearch""(""ItemId"", ""Content"")
                SELECT i.""Id"", i.""Title"" || ' ' || coalesce(i.""DocumentNo"", '') || ' ' || coalesce(i.""Text"", '') || ' ' ||
                       coalesce((SELECT string_agg(v.""ExtractedText"", ' ') FROM ""EvidenceVersions"" v WHERE v.""EvidenceItemId"" = i.""Id""), '')
                FROM ""EvidenceItems"" i;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(@"DROP TABLE IF EXISTS ""EvidenceSearch"";");
        }
    }
}
