using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;

namespace Shifan.Infrastructure.Persistence;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>Chooses and registers the database from one connection string.</summary>
public static class Database
{
    /// <summary>PostgreSQL when the string names a Host, SQLite otherwise.</summary>
    public static DatabaseProvider ProviderOf(string connectionString) =>
        connectionString.Contains("Host=", StringComparison.OrdinalIgnoreCase) ||
        connectionString.Contains("Server=", StringComparison.OrdinalIgnoreCase)
            ? DatabaseProvider.Postgres
            : DatabaseProvider.Sqlite;

    public static string SqliteConnectionString(string dataDirectory) =>
        $"Data Source={Path.Combine(dataDirectory, "shifan.db")};Foreign Keys=True";

    public static IServiceCollection AddShifanDatabase(this IServiceCollection services, string connectionString)
    {
        if (ProviderOf(connectionString) == DatabaseProvider.Postgres)
        {
            services.AddDbContext<ShifanDbContext, PostgresShifanDbContext>(o => o.UseNpgsql(connectionString));
        }
        else
        {
            services.AddDbContext<ShifanDbContext, SqliteShifanDbContext>(o => o.UseSqlite(connectionString));
        }
        return services;
    }

    /// <summary>A context outside dependency injection; without <paramref name="chain"/> audit records are chained unkeyed (tests of the model).</summary>
    public static ShifanDbContext Create(string connectionString, ICurrentActor? actor = null, Auditing.AuditChain? chain = null)
    {
        actor ??= new SystemActor();
        return ProviderOf(connectionString) == DatabaseProvider.Postgres
            ? new PostgresShifanDbContext(new DbContextOptionsBuilder<PostgresShifanDbContext>().UseNpgsql(connectionString).Options, actor, chain)
            : new SqliteShifanDbContext(new DbContextOptionsBuilder<SqliteShifanDbContext>().UseSqlite(connectionString).Options, actor, chain);
    }

    /// <summary>Applies pending migrations; SQLite is switched to WAL so readers never wait for the writer.</summary>
    public static async Task MigrateAsync(ShifanDbContext db, CancellationToken ct = default)
    {
        await db.Database.MigrateAsync(ct);
        if (db is SqliteShifanDbContext) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }
}

internal sealed class SqliteDesignFactory : IDesignTimeDbContextFactory<SqliteShifanDbContext>
{
    public SqliteShifanDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteShifanDbContext>().UseSqlite("Data Source=design.db").Options, new SystemActor());
}

internal sealed class PostgresDesignFactory : IDesignTimeDbContextFactory<PostgresShifanDbContext>
{
    public PostgresShifanDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresShifanDbContext>().UseNpgsql("Host=localhost;Database=design").Options, new SystemActor());
}
