using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Shifan.Infrastructure.Persistence;

public static class UniqueViolation
{
    /// <summary>True when a save failed because a unique index already holds the value (SQLite 2067, PostgreSQL 23505).</summary>
    public static bool Is(DbUpdateException ex) => ex.InnerException switch
    {
        SqliteException s => s.SqliteExtendedErrorCode is 2067 or 1555,
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
