using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shifan.Cli;
using Shifan.Documents.Import;
using Shifan.TestSupport;

namespace Shifan.Web.Tests;

/// <summary>The `shifan` commands against the same data the web app uses.</summary>
public class CommandTests
{
    private sealed record Run(int Exit, string Out, string Err);

    private static async Task<Run> ShifanAsync(string stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CommandLine.RunAsync(args, stdout, new StringReader(stdin), stderr);
        return new Run(exit, stdout.ToString(), stderr.ToString());
    }

    private static string[] Target(ShifanApp app) => ["--data", app.DataDirectory, "--database", app.ConnectionString];

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task CampaignListShowsTheDemoCampaignWithItsCounts(string provider)
    {
        await using var app = new ShifanApp(provider);
        var id = await app.DemoCampaignIdAsync();
        var run = await ShifanAsync("", ["campaign", "list", "--json", .. Target(app)]);
        Assert.Equal(0, run.Exit);
        var list = JsonDocument.Parse(run.Out).RootElement;
        var demo = Assert.Single(list.EnumerateArray());
        Assert.Equal(id, demo.GetProperty("id").GetInt32());
        Assert.Equal(93, demo.GetProperty("indicatorCount").GetInt32());
        Assert.Equal(16, demo.GetProperty("unitCount").GetInt32());
    }

    [Fact]
    public async Task BulletinGenerateWritesADraftAndFailsWithANonZeroExitOnMistakes()
    {
        await using var app = new ShifanApp("sqlite");
        var id = await app.DemoCampaignIdAsync();
        var period = await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(
            db.LedgerPeriods.Where(p => p.CampaignId == id).OrderBy(p => p.Id)));
        var key = period.Key;
        var output = Path.Combine(app.DataDirectory, "通报.docx");
        var run = await ShifanAsync("", ["bulletin", "generate", "--campaign", id.ToString(), "--period", key, "--out", output, .. Target(app)]);
        Assert.True(run.Exit == 0, run.Err);
        Assert.Contains("督导通报草稿", run.Out);
        using (var doc = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(output, false))
            Assert.Contains("督导", doc.MainDocumentPart!.Document.Body!.InnerText);

        var missing = await ShifanAsync("", ["bulletin", "generate", "--campaign", "9999", "--period", key, "--out", output + "2", .. Target(app)]);
        Assert.NotEqual(0, missing.Exit);
        Assert.Contains("创建活动不存在", missing.Err);
        Assert.False(File.Exists(output + "2"));
        var badPeriod = await ShifanAsync("", ["bulletin", "generate", "--campaign", id.ToString(), "--period", "2026-13", "--out", output + "3", .. Target(app)]);
        Assert.NotEqual(0, badPeriod.Exit);
        Assert.False(File.Exists(output + "3"));
    }

    [Theory]
    [InlineData("json")]
    [InlineData("xlsx")]
    [InlineData("docx")]
    public async Task FrameworkExportWritesAFileThatReadsBack(string format)
    {
        await using var app = new ShifanApp("sqlite");
        var id = await app.DemoCampaignIdAsync();
        var output = Path.Combine(app.DataDirectory, "export." + format);
        var run = await ShifanAsync("", ["framework", "export", "--campaign", id.ToString(), "--format", format, "--out", output, .. Target(app)]);
        Assert.Equal(0, run.Exit);
        Assert.Contains("已导出 93 项指标", run.Out);
        var back = FrameworkReader.Read(output);
        Assert.Equal(93, back.AllNodes().Count(n => n.Kind == "indicator"));
        var first = back.AllNodes().First(n => n.Kind == "indicator" && n.Code == "1");
        Assert.Contains("行政审批科", first.LeadUnits);
        Assert.DoesNotContain(Directory.GetFiles(app.DataDirectory), f => f.EndsWith(".tmp"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task CommandsActAsTheSystemAccountOrTheNamedUserAndTheAuditSaysWhich(string provider)
    {
        await using var app = new ShifanApp(provider);
        var demo = await app.DemoCampaignIdAsync();
        var other = await ShifanAsync("", ["campaign", "create", "--name", "另一个县的活动", "--region", "某县", "--from", "2027-01-01", "--to", "2027-12-31", .. Target(app)]);
        Assert.True(other.Exit == 0, other.Err);
        await app.CreateUserAsync("liaison-cli", Core.Users.Roles.Liaison, "行政审批科");

        // Without --as: the system account, every campaign; the audit names it.
        var all = await ShifanAsync("", ["campaign", "list", "--json", .. Target(app)]);
        Assert.Equal(2, JsonDocument.Parse(all.Out).RootElement.GetArrayLength());
        // As the liaison: their campaign only, as on the web.
        var mine = await ShifanAsync("", ["campaign", "list", "--json", "--as", "liaison-cli", .. Target(app)]);
        Assert.True(mine.Exit == 0, mine.Err);
        Assert.Equal(demo, Assert.Single(JsonDocument.Parse(mine.Out).RootElement.EnumerateArray()).GetProperty("id").GetInt32());
        // A liaison may not create campaigns, whatever surface asks.
        var refused = await ShifanAsync("", ["campaign", "create", "--name", "联络人建的活动", "--region", "某县", "--from", "2027-01-01", "--to", "2027-12-31", "--as", "liaison-cli", .. Target(app)]);
        Assert.NotEqual(0, refused.Exit);
        Assert.Contains("权限", refused.Err);
        Assert.Equal(0, await app.WithDbAsync(db => db.Campaigns.CountAsync(c => c.Name == "联络人建的活动")));
        // An unknown user is a usage error, not the system account.
        var ghost = await ShifanAsync("", ["campaign", "list", "--as", "nobody-here", .. Target(app)]);
        Assert.Equal(2, ghost.Exit);
        Assert.Contains("nobody-here", ghost.Err);

        var actors = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Entity == "Campaign" && a.Action == "create").Select(a => a.Actor).ToListAsync());
        Assert.Contains("system", actors);
        var asAdmin = await ShifanAsync("", ["org", "add", "命令行组织", "--kind", "市", "--as", "admin", .. Target(app)]);
        Assert.True(asAdmin.Exit == 0, asAdmin.Err);
        Assert.Equal("admin", await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Entity == "Organisation" && a.Action == "create").OrderBy(a => a.Id).Select(a => a.Actor).LastAsync()));
    }

    [Fact]
    public async Task OutsideARequestNobodyHasRightsUntilTheCodeSaysWhoActs()
    {
        await using var app = new ShifanApp("sqlite");
        var demo = await app.DemoCampaignIdAsync();
        // No HTTP context and no acting identity: anonymous, no campaign, no right (once it meant full rights).
        using (var scope = app.Services.CreateScope())
        {
            var campaigns = await scope.ServiceProvider.GetRequiredService<Features.Campaigns.CampaignService>().ListAsync();
            Assert.Empty(campaigns);
            await Assert.ThrowsAsync<Features.Campaigns.ForbiddenException>(() =>
                scope.ServiceProvider.GetRequiredService<Features.Problems.ProblemService>().ExportAsync(demo, "list", "xlsx"));
        }
        // A job acting as the system account sees everything.
        using (ActingUser.AsSystem())
        using (var scope = app.Services.CreateScope())
            Assert.Contains(await scope.ServiceProvider.GetRequiredService<Features.Campaigns.CampaignService>().ListAsync(), c => c.Id == demo);
    }

    [Fact]
    public async Task BadInputGetsAChineseMessageAndANonZeroExit()
    {
        await using var app = new ShifanApp("sqlite");
        var id = await app.DemoCampaignIdAsync();
        var missing = await ShifanAsync("", ["framework", "export", "--campaign", "999", "--format", "json", "--out", Path.Combine(app.DataDirectory, "x.json"), .. Target(app)]);
        Assert.Equal(1, missing.Exit);
        Assert.Contains("创建活动不存在", missing.Err);
        Assert.False(File.Exists(Path.Combine(app.DataDirectory, "x.json")));

        var format = await ShifanAsync("", ["framework", "export", "--campaign", id.ToString(), "--format", "pdf", "--out", "x.pdf", .. Target(app)]);
        Assert.Equal(2, format.Exit);
        Assert.Contains("--format 只能是", format.Err);

        var noDir = await ShifanAsync("", ["framework", "export", "--campaign", id.ToString(), "--format", "json", "--out", "/nonexistent-dir/x.json", .. Target(app)]);
        Assert.Equal(2, noDir.Exit);
        Assert.Contains("输出目录不存在", noDir.Err);

        var unknown = await ShifanAsync("", "framework", "explode");
        Assert.Equal(2, unknown.Exit);
        Assert.Contains("未知命令", unknown.Err);

        var notFound = await ShifanAsync("", "framework", "inspect", "/nonexistent/table.docx");
        Assert.Equal(2, notFound.Exit);
        Assert.Contains("文件不存在", notFound.Err);

        var garbage = Path.Combine(app.DataDirectory, "garbage.docx");
        await File.WriteAllTextAsync(garbage, "this is not a word document");
        var unreadable = await ShifanAsync("", "framework", "inspect", garbage, "--json");
        Assert.Equal(2, unreadable.Exit);
        Assert.Contains("没有找到任何指标", unreadable.Err);
        Assert.Equal("", unreadable.Out);
    }

    [Fact]
    public async Task HelpForTheRootAndEachCommandIsChineseAndExitsZero()
    {
        var root = await ShifanAsync("", "--help");
        Assert.True(root.Exit == 0, root.Err);
        Assert.Contains("用法：", root.Out);
        Assert.Contains("serve", root.Out);
        Assert.Contains("campaign", root.Out);
        Assert.Contains("--data <目录>", root.Out);
        Assert.Contains("--as <用户名>", root.Out);

        var group = await ShifanAsync("", "campaign", "--help");
        Assert.Equal(0, group.Exit);
        Assert.Contains("shifan campaign <命令>", group.Out);
        Assert.Contains("结束创建活动", group.Out);

        var create = await ShifanAsync("", "campaign", "create", "--help");
        Assert.Equal(0, create.Exit);
        Assert.Contains("shifan campaign create [选项]", create.Out);
        Assert.Matches(@"--name <名称>\s+活动名称（必填）", create.Out);
        Assert.Contains("--from-campaign <ID>", create.Out);
        Assert.Contains("--database <连接字符串>", create.Out);
        Assert.Equal("", create.Err);

        // Help wins over a misspelt option, as the user asked for it.
        Assert.Equal(0, (await ShifanAsync("", "ledger", "export", "--help", "--formt", "x")).Exit);
        Assert.Contains("（默认 json）", (await ShifanAsync("", "framework", "export", "-h")).Out);
    }

    [Fact]
    public async Task UnknownCommandsAndMisspeltOptionsAreExitTwoWithAChineseMessageBeforeAnythingRuns()
    {
        await using var app = new ShifanApp("sqlite");
        var id = await app.DemoCampaignIdAsync();

        var unknown = await ShifanAsync("", ["ledger", "exprot", .. Target(app)]);
        Assert.Equal(2, unknown.Exit);
        Assert.StartsWith("错误：未知命令：shifan ledger exprot（可用：export）", unknown.Err);
        var top = await ShifanAsync("", "reprot");
        Assert.Equal(2, top.Exit);
        Assert.Contains("未知命令：shifan reprot", top.Err);

        var output = Path.Combine(app.DataDirectory, "x.xlsx");
        var misspelt = await ShifanAsync("", ["framework", "export", "--campaign", id.ToString(), "--formt", "xlsx", "--out", output, .. Target(app)]);
        Assert.Equal(2, misspelt.Exit);
        Assert.Contains("命令 shifan framework export 没有选项 --formt（可用：--campaign、--format、--out", misspelt.Err);
        Assert.False(File.Exists(output));
        var rootOption = await ShifanAsync("", "--formt", "xlsx");
        Assert.Equal(2, rootOption.Exit);
        Assert.Contains("shifan 没有选项 --formt", rootOption.Err);

        // A misspelt option after the files is not taken for one more file to upload.
        var file = Path.Combine(app.DataDirectory, "a.txt");
        await File.WriteAllTextAsync(file, "材料", TestContext.Current.CancellationToken);
        var before = await app.WithDbAsync(db => db.EvidenceItems.CountAsync());
        var upload = await ShifanAsync("", ["evidence", "add", file, "--campaing", id.ToString(), "--indicator", "1", "--material", "1", "--user", "admin", .. Target(app)]);
        Assert.Equal(2, upload.Exit);
        Assert.Contains("没有选项 --campaing", upload.Err);
        Assert.Equal(before, await app.WithDbAsync(db => db.EvidenceItems.CountAsync()));

        var required = await ShifanAsync("", ["ledger", "export", "--period", "2026-11", "--format", "xlsx", "--out", output, .. Target(app)]);
        Assert.Equal(2, required.Exit);
        Assert.Contains("缺少选项 --campaign", required.Err);
        var noSubcommand = await ShifanAsync("", "package");
        Assert.Equal(2, noSubcommand.Exit);
        Assert.Contains("freeze、build、verify、grant", noSubcommand.Err);
        var badMonth = await ShifanAsync("", ["ledger", "export", "--campaign", id.ToString(), "--period", "2026-13", "--format", "xlsx", "--out", output, .. Target(app)]);
        Assert.Equal(2, badMonth.Exit);
        Assert.Contains("--period 报送期“2026-13”不正确", badMonth.Err);
        var badId = await ShifanAsync("", ["evidence", "check", "--campaign", "abc", .. Target(app)]);
        Assert.Equal(2, badId.Exit);
        Assert.Contains("--campaign 须为创建活动编号（正整数）", badId.Err);
        var wordWord = await ShifanAsync("", ["ledger", "export", "--campaign", id.ToString(), "--period", "2026-11", "--format", "docx", "--out", output, .. Target(app)]);
        Assert.Equal(2, wordWord.Exit);
        Assert.Contains("汇总台账只能导出为 xlsx", wordWord.Err);
        Assert.False(File.Exists(output));

        var missing = await ShifanAsync("", ["evidence", "check", "--campaign", "999", .. Target(app)]);
        Assert.Equal(1, missing.Exit);
        Assert.Contains("创建活动不存在", missing.Err);
        Assert.DoesNotContain("Sequence contains no elements", missing.Err);
    }

    [Theory]
    [InlineData("ledger", "exprot")]
    [InlineData("--formt")]
    [InlineData("serve", "--formt", "xlsx")]
    [InlineData("campaign")]
    public async Task OnlyServeOrNoCommandStartsTheServerAnythingElseExitsTwoWithoutListening(params string[] args)
    {
        using var data = new TempDirectory();
        var port = PostgresServer.FreePort();
        var started = Stopwatch.StartNew();
        var run = await ExecutableAsync("", new Dictionary<string, string>(), [.. args, "--data", data.Path, "--urls", $"http://127.0.0.1:{port}"]);
        Assert.True(run.Exit == 2, run.Out + run.Err);
        Assert.StartsWith("错误：", run.Err);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(60), $"took {started.Elapsed}");
        Assert.DoesNotContain("Now listening", run.Out);
        Assert.Empty(Directory.GetFiles(data.Path));
        using var probe = new System.Net.Sockets.TcpClient();
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => probe.ConnectAsync("127.0.0.1", port, TestContext.Current.CancellationToken).AsTask());
    }

    [Fact]
    public async Task SetPasswordReadsStandardInputAndEnforcesTheRules()
    {
        await using var app = new ShifanApp("sqlite");
        _ = await app.DemoCampaignIdAsync();
        var weak = await ShifanAsync("abc\n", ["user", "set-password", "admin", .. Target(app)]);
        Assert.Equal(2, weak.Exit);
        Assert.Contains("密码长度不能少于8位", weak.Err);
        var nobody = await ShifanAsync("Strong-Passw0rd\n", ["user", "set-password", "nobody", .. Target(app)]);
        Assert.Equal(2, nobody.Exit);
        Assert.Contains("不存在", nobody.Err);

        var ok = await ShifanAsync("Strong-Passw0rd\n", ["user", "set-password", "admin", .. Target(app)]);
        Assert.Equal(0, ok.Exit);
        var client = await app.ApiClientAsync("admin", "Strong-Passw0rd");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/campaigns")).StatusCode);
        Assert.False((await (await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = "Strong-Passw0rd" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("mustChangePassword").GetBoolean());
    }

    /// <summary>Runs the real executable with extra environment (configuration such as Shifan__Password__MinLength).</summary>
    private static async Task<Run> ExecutableAsync(string stdin, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "shifan.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        await p.StandardInput.WriteAsync(stdin);
        p.StandardInput.Close();
        var output = p.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = await p.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await p.WaitForExitAsync(TestContext.Current.CancellationToken);
        return new Run(p.ExitCode, await output, error);
    }

    [Fact]
    public async Task UserCommandsFollowTheConfiguredPasswordPolicy()
    {
        await using var app = new ShifanApp("sqlite");
        _ = await app.DemoCampaignIdAsync();
        var strict = new Dictionary<string, string> { ["Shifan__Password__MinLength"] = "16", ["Shifan__Password__MinClasses"] = "4" };
        // 15 characters of four classes: fine for the default policy, too short for the configured one.
        var shortOne = await ExecutableAsync("Strong-Passw0rd\n", strict, ["user", "set-password", "admin", .. Target(app)]);
        Assert.Equal(2, shortOne.Exit);
        Assert.Contains("密码长度不能少于16位", shortOne.Err);
        var threeClasses = await ExecutableAsync("strong-password-2026\n", strict, ["user", "add", "office9", "--role", "office", "--unit", "示范创建工作领导小组办公室", .. Target(app)]);
        Assert.Equal(2, threeClasses.Exit);
        Assert.Contains("至少四类", threeClasses.Err);
        Assert.False(await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Users, u => u.UserName == "office9")));

        var ok = await ExecutableAsync("Strong-Passw0rd-2026\n", strict, ["user", "add", "office9", "--role", "office", "--unit", "示范创建工作领导小组办公室", .. Target(app)]);
        Assert.True(ok.Exit == 0, ok.Err);
        var set = await ExecutableAsync("Longer-Passw0rd-2026\n", strict, ["user", "set-password", "admin", .. Target(app)]);
        Assert.True(set.Exit == 0, set.Err);
    }

    [Fact]
    public async Task TheRealExecutablePrintsNoStackTraceOnBadInput()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "shifan.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, ArgumentList = { dll, "framework", "inspect", "/nonexistent.docx" } };
        using var p = Process.Start(psi)!;
        var err = await p.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await p.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(2, p.ExitCode);
        Assert.StartsWith("错误：文件不存在", err);
        Assert.DoesNotContain("   at ", err);
    }
}
