using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Shifan.Infrastructure.Persistence;

/// <summary>
/// Multi-row INSERTs built from the EF model (table and column names, value converters, parameter types), so a
/// generated row is stored exactly as EF would store it, without EF's change tracking or the audit interceptor's
/// per-row look-ups. Keys are assigned by the caller (<see cref="NextIds"/>): one writer, no round trip per row.
/// </summary>
internal sealed class BulkInsert(ShifanDbContext db)
{
    // Microsoft.Data.Sqlite finds each parameter by name in a list, so very long statements cost quadratic time.
    private const int MaxParameters = 250;
    private readonly Dictionary<Type, (string Table, List<(IProperty Property, string Column, RelationalTypeMapping Mapping)> Columns)> shapes = [];

    public int Rows { get; private set; }

    public bool IsPostgres => db is PostgresShifanDbContext;

    private (string Table, List<(IProperty Property, string Column, RelationalTypeMapping Mapping)> Columns) Shape(Type type)
    {
        if (shapes.TryGetValue(type, out var shape)) return shape;
        var entity = db.Model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the model");
        var table = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var columns = entity.GetProperties().Select(p =>
        {
            if (p.PropertyInfo is null && p.FieldInfo is null)
                throw new InvalidOperationException($"{type.Name}.{p.Name} is a shadow property; the generator cannot fill it");
            return (p, p.GetColumnName(store)!, (RelationalTypeMapping)p.GetTypeMapping());
        }).ToList();
        shape = (table, columns);
        shapes[type] = shape;
        return shape;
    }

    /// <summary>The next free key of each table the generator fills (read once; the generator is the only writer).</summary>
    public async Task<Dictionary<Type, int>> NextIdsAsync(params Type[] types)
    {
        var next = new Dictionary<Type, int>();
        var connection = db.Database.GetDbConnection();
        foreach (var type in types)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = $"SELECT COALESCE(MAX(\"Id\"), 0) FROM \"{Shape(type).Table}\"";
            next[type] = Convert.ToInt32(await command.ExecuteScalarAsync()) + 1;
        }
        return next;
    }

    public async Task InsertAsync<T>(IReadOnlyCollection<T> rows) where T : class
    {
        if (rows.Count == 0) return;
        var (table, columns) = Shape(typeof(T));
        var perCommand = Math.Max(1, MaxParameters / columns.Count);
        var head = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Column}\""))}) VALUES ";
        var connection = db.Database.GetDbConnection();
        foreach (var chunk in rows.Chunk(perCommand))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            var sql = new StringBuilder(head);
            var n = 0;
            for (var r = 0; r < chunk.Length; r++)
            {
                sql.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Count; c++)
                {
                    var (property, _, mapping) = columns[c];
                    var value = property.GetGetter().GetClrValue(chunk[r]);
                    // The mapping converts the value (enum names, JSON lists, SQLite's binary DateTimeOffset) as EF does.
                    var name = "@p" + n++;
                    command.Parameters.Add(mapping.CreateParameter(command, name, value, property.IsNullable));
                    sql.Append(c == 0 ? name : ", " + name);
                }
                sql.Append(')');
            }
            command.CommandText = sql.ToString();
            await command.ExecuteNonQueryAsync();
            Rows += chunk.Length;
        }
    }

    /// <summary>PostgreSQL identity sequences follow the explicitly inserted keys (SQLite's AUTOINCREMENT does so itself).</summary>
    public async Task ResetSequencesAsync(params Type[] types)
    {
        if (!IsPostgres) return;
        foreach (var type in types)
        {
            var table = Shape(type).Table;
            // Table names come from the EF model, not from input.
            var sql = $"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'Id'), GREATEST((SELECT COALESCE(MAX(\"Id\"), 0) FROM \"{table}\"), 1))";
            await db.Database.ExecuteSqlRawAsync(sql);
        }
    }
}
