using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shifan.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EvidenceSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Full-text index for Chinese substrings: FTS5 with the trigram tokenizer, rowid = evidence item id.
            migrationBuilder.Sql("CREATE VIRTUAL TABLE EvidenceSearch USING fts5(Content, tokenize='trigram');");
            migrationBuilder.Sql(@"INSERT INTO EvidenceSearch(rowid, Content)
                SELECT i.Id, i.Title || ' ' || coalesce(i.DocumentNo, '') || ' ' || coalesce(i.Text, '') || ' ' ||
                       coalesce((SELECT group_concat(v.ExtractedText, ' ') FROM EvidenceVersions v WHERE v.EvidenceItemId = i.Id), '')
                FROM EvidenceItems i;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE IF EXISTS EvidenceSearch;");
        }
    }
}
