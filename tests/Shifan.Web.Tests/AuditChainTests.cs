using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Shifan.Cli;
using Shifan.Core.Auditing;
using Shifan.Core.Users;
using Shifan.Features.Demo;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Web.Tests;

/// <summary>`audit verify` on a keyed chain with checkpoints outside the database, and several writers at once.</summary>
public class AuditChainTests
{
    private static async Task<(int Exit, string Out)> VerifyAsync(ShifanApp app)
    {
        var stdout = new StringWriter();
        var exit = await CommandLine.RunAsync(["audit", "verify", "--data", app.DataDirectory, "--database", app.ConnectionString], stdout, new StringReader(""), new StringWriter());
        return (exit, stdout.ToString());
    }

    private static async Task<ShifanApp> AppWithChangesAsync(string provider)
    {
        var app = new ShifanApp(provider);
        _ = await app.DemoCampaignIdAsync();
        for (var i = 0; i < 5; i++) await app.CreateUserAsync($"user{i}", Roles.Liaison, "行政审批科");
        return app;
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task RemovingTheNewestRecordsIsDetected(string provider)
    {
        await using var app = await AppWithChangesAsync(provider);
        var (exit, output) = await VerifyAsync(app);
        Assert.True(exit == 0, output);
        Assert.True(File.Exists(Path.Combine(app.DataDirectory, "audit", "checkpoints.log")));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(app.DataDirectory, "audit", "chain.key")));

        await app.WithDbAsync(async db =>
        {
            var newest = await db.AuditEntries.MaxAsync(a => a.Id);
            return await db.AuditEntries.Where(a => a.Id > newest - 3).ExecuteDeleteAsync();
        });
        (exit, output) = await VerifyAsync(app);
        Assert.Equal(1, exit);
        Assert.Contains("最新的操作日志被删除", output);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AChainRewrittenWithPlainSha256IsDetected(bool alsoClearsTheKeyMark)
    {
        await using var app = await AppWithChangesAsync("sqlite");
        // The attacker's script: change a record, then recompute every hash after it with plain SHA-256.
        await app.WithDbAsync(async db =>
        {
            var all = await db.AuditEntries.OrderBy(a => a.Id).ToListAsync();
            all[all.Count / 2].Actor = "someone-else";
            var previous = "";
            foreach (var e in all)
            {
                if (alsoClearsTheKeyMark) e.KeyVersion = 0;
                e.PreviousHash = previous;
                e.Hash = e.ComputeHash();
                previous = e.Hash;
            }
            return await db.SaveChangesAsync();
        });
        var (exit, output) = await VerifyAsync(app);
        Assert.Equal(1, exit);
        Assert.Contains(alsoClearsTheKeyMark ? "没有密钥签名" : "普通 SHA-256 重新计算", output);
    }

    [Fact]
    public async Task ADatabaseChainedBeforeTheKeyKeepsVerifyingAndIsKeyedFromThen()
    {
        await using var app = new ShifanApp("sqlite");
        // What an earlier version wrote: the demo, chained with plain SHA-256.
        await using (var old = Database.Create(app.ConnectionString))
        {
            await Database.MigrateAsync(old);
            await new DemoSeeder(old).SeedAsync();
        }
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        var marks = await app.WithDbAsync(db => db.AuditEntries.OrderBy(a => a.Id).Select(a => a.KeyVersion).ToListAsync());
        Assert.Equal(0, marks[0]);
        Assert.Equal(AuditEntry.Keyed, marks[^1]);
        var (exit, output) = await VerifyAsync(app);
        Assert.True(exit == 0, output);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task TwoProcessesWritingAtOnceKeepOneLinearChain(string provider)
    {
        await using var app = new ShifanApp(provider);
        var id = await app.DemoCampaignIdAsync();
        await app.CreateUserAsync("office1", Roles.Office, "示范创建工作领导小组办公室");
        var runs = Enumerable.Range(0, 2).Select(p =>
        {
            var folder = Path.Combine(app.DataDirectory, $"scans{p}");
            Directory.CreateDirectory(folder);
            for (var i = 0; i < 40; i++) File.WriteAllText(Path.Combine(folder, $"{p}-{i}.txt"), $"进程{p}的第{i}份材料");
            var dll = Path.Combine(AppContext.BaseDirectory, "shifan.dll");
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { dll, "evidence", "add", folder, "--campaign", id.ToString(), "--indicator", "1", "--material", "1", "--user", "office1",
                         "--data", app.DataDirectory, "--database", app.ConnectionString })
                psi.ArgumentList.Add(a);
            return Process.Start(psi)!;
        }).ToList();
        foreach (var p in runs)
        {
            var output = await p.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken) + await p.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await p.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(p.ExitCode == 0, output);
        }
        Assert.Equal(80, await app.WithDbAsync(db => db.EvidenceItems.CountAsync()));
        var (exit, verified) = await VerifyAsync(app);
        Assert.True(exit == 0, verified);
    }
}
