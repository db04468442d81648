using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Shifan.Cli;
using Shifan.Core.Evidence;
using Shifan.TestSupport;

namespace Shifan.Web.Tests;

/// <summary>A database made by an earlier release upgrades in place, losing nothing.</summary>
public class UpgradeTests
{
    /// <summary>
    /// tests/fixtures/upgrade/main-4344910: the database (as an SQL dump: shifan.sql from SQLite, shifan-postgres.sql from
    /// pg_dump --inserts of PostgreSQL) and files of main at 4344910 after its first start (demo campaign, 945 audit records),
    /// a liaison added and two files uploaded with its commands (`user add li1`, `evidence add a.pdf b.txt`).
    /// </summary>
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ADatabaseOfMain4344910UpgradesWithEveryRowAndFileIntact(string provider)
    {
        var fixture = Path.Combine(ProjectFixtures.RepositoryRoot, "tests", "fixtures", "upgrade", "main-4344910");
        await using var app = new ShifanApp(provider);
        // Kept as SQL text (no database file in the repository), rebuilt here before the app first starts.
        if (provider == "sqlite")
        {
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "shifan.db")};Pooling=False;Foreign Keys=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = await File.ReadAllTextAsync(Path.Combine(fixture, "shifan.sql"));
            await command.ExecuteNonQueryAsync();
        }
        else
        {
            await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = await File.ReadAllTextAsync(Path.Combine(fixture, "shifan-postgres.sql"));
            await command.ExecuteNonQueryAsync();
        }
        foreach (var file in Directory.GetFiles(Path.Combine(fixture, "files"), "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(app.DataDirectory, "files", Path.GetRelativePath(Path.Combine(fixture, "files"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        // Starting the app migrates the old database; nothing is seeded over it.
        var counts = await app.WithDbAsync(async db => new
        {
            Campaigns = await db.Campaigns.CountAsync(),
            Indicators = await db.FrameworkNodes.CountAsync(n => n.Kind == Core.Frameworks.NodeKind.Indicator),
            Units = await db.Units.CountAsync(),
            Users = await db.Users.CountAsync(),
            Items = await db.EvidenceItems.CountAsync(),
            Audit = await db.AuditEntries.CountAsync(),
            Versions = await db.EvidenceVersions.Select(v => new { v.Sha256, v.FileName, v.TextPending }).OrderBy(v => v.FileName).ToListAsync(),
        });
        Assert.Equal(1, counts.Campaigns);
        Assert.Equal(93, counts.Indicators);
        Assert.Equal(16, counts.Units);
        Assert.Equal(2, counts.Users); // admin and li1
        Assert.Equal(2, counts.Items);
        Assert.True(counts.Audit >= 945, $"audit records {counts.Audit}");
        Assert.Equal(["a.pdf", "b.txt"], counts.Versions.Select(v => v.FileName));
        foreach (var v in counts.Versions)
        {
            var path = Path.Combine(app.DataDirectory, "files", v.Sha256[..2], v.Sha256[2..4], v.Sha256);
            Assert.Equal(v.Sha256, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(path))));
        }

        // The old chain still verifies after the upgrade, and the old liaison still reaches the material.
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CommandLine.RunAsync(["audit", "verify", "--data", app.DataDirectory, "--database", app.ConnectionString], stdout, new StringReader(""), stderr);
        Assert.True(exit == 0, stdout + stderr.ToString());
        var liaison = await app.ApiClientAsync("li1", "Test-Passw0rd!");
        var check = (await liaison.GetFromJsonAsync<List<IndicatorCheck>>("/api/campaigns/1/evidence/checks"))!.Single(c => c.Code == "1" && c.Kind == "indicator");
        Assert.Equal(2, check.Requirements.Single(r => r.No == 1).Count);
    }
}
