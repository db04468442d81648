using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Shifan.Core.Evidence;

namespace Shifan.Infrastructure.Persistence;

/// <summary>
/// The evidence full-text index (FTS5 trigram on SQLite, pg_trgm on PostgreSQL): one row of text per
/// evidence item, kept up to date by the evidence service, queried for Chinese substrings.
/// </summary>
public static class SearchIndex
{
    /// <summary>
    /// Rewrites an item's row from its title, 文号, written text and every version's extracted text.
    /// Idempotent, and transactional: inside the caller's transaction (the save of the change it
    /// reflects) or its own. The item is locked first (an advisory lock on PostgreSQL; SQLite's write
    /// lock), so the text is read after any concurrent writer of the same item has committed and the
    /// last writer's row is complete; the upload and the extraction worker can no longer interleave.
    /// </summary>
    public static async Task IndexAsync(ShifanDbContext db, int itemId, CancellationToken ct = default)
    {
        var ownTransaction = db.Database.CurrentTransaction is null;
        await using var tx = ownTransaction ? await db.Database.BeginTransactionAsync(ct) : null;
        if (db is PostgresShifanDbContext)
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ItemLockSpace}, {itemId})", ct);
        var item = await db.EvidenceItems.IgnoreQueryFilters().AsNoTracking().Where(i => i.Id == itemId)
            .Select(i => new { i.Title, i.DocumentNo, i.Text, Texts = i.Versions.Select(v => v.ExtractedText) }).FirstOrDefaultAsync(ct);
        if (item is not null)
        {
            var content = string.Join(' ', new[] { item.Title, item.DocumentNo, item.Text }.Concat(item.Texts).Where(t => !string.IsNullOrEmpty(t)));
            if (db is PostgresShifanDbContext)
                await db.Database.ExecuteSqlAsync($@"INSERT INTO ""EvidenceSearch""(""ItemId"", ""Content"") VALUES ({itemId}, {content}) ON CONFLICT (""ItemId"") DO UPDATE SET ""Content"" = excluded.""Content""", ct);
            else
            {
                await db.Database.ExecuteSqlAsync($"DELETE FROM EvidenceSearch WHERE rowid = {itemId}", ct);
                await db.Database.ExecuteSqlAsync($"INSERT INTO EvidenceSearch(rowid, Content) VALUES ({itemId}, {content})", ct);
            }
        }
        if (tx is not null) await tx.CommitAsync(ct);
    }

    /// <summary>First key of the per-item advisory locks (the audit chain's lock uses the one-key form).</summary>
    private const int ItemLockSpace = 7301;

    /// <summary>Ids of the items whose text contains <paramref name="text"/>, at most <paramref name="limit"/>.</summary>
    public static async Task<List<int>> SearchAsync(ShifanDbContext db, string text, int limit = 5000, CancellationToken ct = default)
    {
        if (db is PostgresShifanDbContext)
        {
            var pattern = "%" + text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            return await db.Database.SqlQuery<int>($@"SELECT ""ItemId"" AS ""Value"" FROM ""EvidenceSearch"" WHERE ""Content"" LIKE {pattern} LIMIT {limit}").ToListAsync(ct);
        }
        // The trigram tokenizer matches substrings of three or more characters through the index;
        // shorter ones fall back to a scan of the index table.
        if (text.Length >= 3)
        {
            var phrase = "\"" + text.Replace("\"", "\"\"") + "\"";
            return await db.Database.SqlQuery<int>($"SELECT rowid AS Value FROM EvidenceSearch WHERE EvidenceSearch MATCH {phrase} LIMIT {limit}").ToListAsync(ct);
        }
        var like = "%" + text + "%";
        return await db.Database.SqlQuery<int>($"SELECT rowid AS Value FROM EvidenceSearch WHERE Content LIKE {like} LIMIT {limit}").ToListAsync(ct);
    }

    /// <summary>
    /// The items whose text contains <paramref name="text"/>, joined with the index in the database, their id read
    /// from the index's own key. Ordered by id, SQLite reads the FTS5 index in that order and stops when a page is
    /// full: a page of a word most items contain costs the same with 500 items or 50,000. (A join on a scalar
    /// subquery of ids cannot be ordered along the index: EF compares and orders by a CAST of its column.)
    /// </summary>
    public static IQueryable<EvidenceItem> Items(ShifanDbContext db, string text)
    {
        var entity = db.Model.FindEntityType(typeof(EvidenceItem))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var postgres = db is PostgresShifanDbContext;
        var key = postgres ? @"s.""ItemId""" : "EvidenceSearch.rowid";
        // Column names come from the EF model, not from input; the text is a parameter.
        var columns = string.Join(", ", entity.GetProperties().Select(p => p.Name == nameof(EvidenceItem.Id)
            ? $@"{key} AS ""{p.GetColumnName(table)}"""
            : $@"e.""{p.GetColumnName(table)}"""));
        string sql;
        object argument;
        if (postgres)
        {
            sql = $@"SELECT {columns} FROM ""EvidenceItems"" AS e JOIN ""EvidenceSearch"" AS s ON s.""ItemId"" = e.""Id"" WHERE s.""Content"" LIKE {{0}}";
            argument = "%" + text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
        }
        else
        {
            // The trigram tokenizer matches three or more characters through the index; shorter text scans it.
            var match = text.Length >= 3 ? "EvidenceSearch MATCH {0}" : "EvidenceSearch.Content LIKE {0}";
            sql = $@"SELECT {columns} FROM ""EvidenceItems"" AS e JOIN EvidenceSearch ON EvidenceSearch.rowid = e.""Id"" WHERE {match}";
            argument = text.Length >= 3 ? "\"" + text.Replace("\"", "\"\"") + "\"" : "%" + text + "%";
        }
        return db.EvidenceItems.FromSqlRaw(sql, argument);
    }
}
