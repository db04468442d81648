using Shifan.Infrastructure.Persistence;

namespace Shifan.Hosting;

/// <summary>
/// Where the data lives and which database to use. Read from configuration, so `--data DIR`,
/// `--database "Host=…"`, SHIFAN_DATA / SHIFAN_DATABASE and appsettings all work the same way.
/// </summary>
public sealed record ShifanOptions
{
    public required string DataDirectory { get; init; }
    public required string ConnectionString { get; init; }

    /// <summary>The audit key file (owner-only) and the append-only checkpoint file, outside the database.</summary>
    public string AuditKeyFile { get; init; } = "";
    public string AuditCheckpointFile { get; init; } = "";

    /// <summary>The audit key as Base64 when configured (Shifan:Audit:Key) instead of the key file.</summary>
    public string? AuditKey { get; init; }

    /// <summary>The content-addressed evidence store.</summary>
    public string FilesDirectory => Path.Combine(DataDirectory, "files");

    public static ShifanOptions From(IConfiguration configuration)
    {
        var data = configuration["data"] ?? Environment.GetEnvironmentVariable("SHIFAN_DATA") ?? configuration["Shifan:Data"] ?? "data";
        data = Path.GetFullPath(data);
        var database = configuration["database"] ?? Environment.GetEnvironmentVariable("SHIFAN_DATABASE") ?? configuration.GetConnectionString("Shifan");
        if (string.IsNullOrWhiteSpace(database)) database = Database.SqliteConnectionString(data);
        return new ShifanOptions
        {
            DataDirectory = data, ConnectionString = database,
            AuditKeyFile = Path.GetFullPath(configuration["Shifan:Audit:KeyFile"] ?? Path.Combine(data, "audit", "chain.key")),
            AuditCheckpointFile = Path.GetFullPath(configuration["Shifan:Audit:CheckpointFile"] ?? Path.Combine(data, "audit", "checkpoints.log")),
            AuditKey = configuration["Shifan:Audit:Key"],
        };
    }

    public void EnsureDataDirectory()
    {
        Directory.CreateDirectory(DataDirectory);
        Directory.CreateDirectory(FilesDirectory);
    }
}
