using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Shifan.Cli;
using Shifan.Core.Evidence;
using Shifan.Core.Users;
using Shifan.Features.Account;
using Shifan.TestSupport;

namespace Shifan.Web.Tests;

/// <summary>A database made by an earlier release upgrades in place, losing nothing.</summary>
public class UpgradeTests
{
    private static string Fixture => Path.Combine(ProjectFixtures.RepositoryRoot, "tests", "fixtures", "upgrade", "main-4344910");

    /// <summary>Puts the old database and files in place before the app first starts.</summary>
    private static async Task RestoreAsync(ShifanApp app, string provider)
    {
        var fixture = Fixture;
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
    }

    /// <summary>Reads a one-time password from its owner-only file in the data folder, after checking the file's mode.</summary>
    internal static string OneTimePasswordIn(string dataDirectory, string userName)
    {
        var file = Path.Combine(dataDirectory, InitialPasswordFile.FileNameOf(userName));
        Assert.True(File.Exists(file), $"no password file for {userName}");
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        return System.Text.RegularExpressions.Regex.Match(File.ReadAllText(file), "一次性密码：(\\S+)").Groups[1].Value;
    }

    /// <summary>Signs in with a one-time password, changes it as the first sign-in demands, and returns a client with the new one.</summary>
    internal static async Task<HttpClient> FirstSignInAsync(ShifanApp app, string userName, string oneTime)
    {
        var first = await app.ApiClientAsync(userName, oneTime);
        var changed = await first.PostAsJsonAsync("/api/me/password", new { currentPassword = oneTime, newPassword = "Changed-Passw0rd-9" });
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        return await app.ApiClientAsync(userName, "Changed-Passw0rd-9");
    }

    /// <summary>
    /// 三员分立 on an old database (ADR-028): its only administrator, admin, held every right. The upgrade adds secadmin and
    /// auditadmin with one-time passwords in owner-only files, admin keeps the system and loses accounts and the log, role
    /// settings saved with mixed rights lose the security and audit ones, and a restart adds nothing more.
    /// </summary>
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task AnOldDatabaseGetsTheSecurityAndAuditAdministratorsAndItsAdminLosesTheirRights(string provider)
    {
        await using var app = new ShifanApp(provider);
        await RestoreAsync(app, provider);
        var users = await app.WithDbAsync(db => db.Users.OrderBy(u => u.Id).Select(u => new { u.UserName, u.Role, u.MustChangePassword }).ToListAsync());
        Assert.Equal(["admin", "li1", "secadmin", "auditadmin"], users.Select(u => u.UserName));
        Assert.Equal([Roles.Admin, Roles.Liaison, Roles.SecurityAdmin, Roles.AuditAdmin], users.Select(u => u.Role));
        Assert.True(users[2].MustChangePassword && users[3].MustChangePassword);
        // The admin's file of the first start is long gone; only the two new accounts have one.
        Assert.False(File.Exists(Path.Combine(app.DataDirectory, InitialPasswordFile.FileName)));

        await app.WithDbAsync(async db =>
        {
            var admin = await db.Users.SingleAsync(u => u.UserName == "admin");
            admin.PasswordHash = AccountService.Hash(admin, ShifanApp.Password);
            admin.MustChangePassword = false;
            return await db.SaveChangesAsync();
        });
        var system = await app.ApiClientAsync("admin");
        Assert.Equal(HttpStatusCode.OK, (await system.GetAsync("/api/campaigns")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await system.GetAsync("/api/organisations")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await system.GetAsync("/api/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await system.GetAsync("/api/roles")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await system.GetAsync("/api/audit")).StatusCode);

        var secPassword = OneTimePasswordIn(app.DataDirectory, "secadmin");
        var security = await FirstSignInAsync(app, "secadmin", secPassword);
        Assert.False(File.Exists(Path.Combine(app.DataDirectory, InitialPasswordFile.FileNameOf("secadmin"))));
        Assert.True(File.Exists(Path.Combine(app.DataDirectory, InitialPasswordFile.FileNameOf("auditadmin"))));
        Assert.Equal(HttpStatusCode.OK, (await security.GetAsync("/api/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await security.GetAsync("/api/audit")).StatusCode);
        var auditor = await FirstSignInAsync(app, "auditadmin", OneTimePasswordIn(app.DataDirectory, "auditadmin"));
        var log = await auditor.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/audit?entity=User");
        // The old records and the upgrade's own: the two accounts it made, by the system.
        Assert.Contains(log.GetProperty("items").EnumerateArray(), l => l.GetProperty("actor").GetString() == "system" && l.GetProperty("changes").GetString()!.Contains("auditadmin"));
        Assert.True((await auditor.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/audit/verify")).GetProperty("intact").GetBoolean());

        // Role settings saved before the separation (the admin's with every right, the office's with the log) are separated at the next start.
        await app.WithDbAsync(async db =>
        {
            db.RoleDefinitions.Add(new RoleDefinition { Role = Roles.Admin, Permissions = string.Join(' ', Permissions.All), DataScope = DataScope.All, UpdatedBy = "admin" });
            db.RoleDefinitions.Add(new RoleDefinition { Role = Roles.Office, Permissions = string.Join(' ', Roles.DefaultPermissions(Roles.Office).Append(Permissions.AuditRead)), DataScope = DataScope.All, UpdatedBy = "admin" });
            return await db.SaveChangesAsync();
        });
        await using var restarted = new ShifanApp(provider, app.DataDirectory, app.ConnectionString);
        var stored = await restarted.WithDbAsync(db => db.RoleDefinitions.AsNoTracking().ToDictionaryAsync(r => r.Role, r => r.PermissionList));
        Assert.Contains(Permissions.CampaignCreate, stored[Roles.Admin]);
        Assert.DoesNotContain(stored[Roles.Admin], p => Roles.SecurityGroup.Contains(p) || Roles.AuditGroup.Contains(p));
        Assert.DoesNotContain(Permissions.AuditRead, stored[Roles.Office]);
        Assert.Equal(4, await restarted.WithDbAsync(db => db.Users.CountAsync()));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await restarted.ApiClientAsync("admin")).GetAsync("/api/users")).StatusCode);
    }

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
        await using var app = new ShifanApp(provider);
        await RestoreAsync(app, provider);

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
        Assert.Equal(4, counts.Users); // admin and li1, and the security and audit administrators added at the upgrade
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
