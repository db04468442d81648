using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shifan.Cli;
using Shifan.Core.Users;
using Shifan.Features.Campaigns;
using static Shifan.Web.Tests.Uploads;

namespace Shifan.Web.Tests;

/// <summary>A real office is not stuck with the demo: campaigns are started, changed and closed.</summary>
public class CampaignLifecycleTests
{
    private static MultipartFormDataContent NewCampaignForm(string name, byte[]? framework = null, string? frameworkName = null, string endsOn = "2027-12-31")
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(name), "name" }, { new StringContent("某某县"), "region" }, { new StringContent("县"), "level" },
            { new StringContent("2027-01-01"), "startsOn" }, { new StringContent(endsOn), "endsOn" },
        };
        if (framework is not null)
        {
            var file = new ByteArrayContent(framework);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, "framework", frameworkName!);
        }
        return form;
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task AnAdminStartsCampaignsFromTheReferenceSystemOrATaskTableAndRenamesAndClosesThem(string provider)
    {
        await using var app = new ShifanApp(provider);
        await app.CreateUserAsync("root", Roles.Admin);
        var admin = await app.ApiClientAsync("root");

        var created = await admin.PostAsync("/api/campaigns", NewCampaignForm("某某县法治政府建设示范创建"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<CampaignCreated>())!.Id;
        var fromTable = await admin.PostAsync("/api/campaigns", NewCampaignForm("某某区示范创建", Shifan.TestSupport.SampleTables.DamagedTable(), "分工表.txt"));
        Assert.Equal(HttpStatusCode.Created, fromTable.StatusCode);
        var tableId = (await fromTable.Content.ReadFromJsonAsync<CampaignCreated>())!.Id;

        var list = (await admin.GetFromJsonAsync<List<CampaignSummary>>("/api/campaigns"))!;
        var reference = list.Single(c => c.Id == id);
        Assert.Equal(93, reference.IndicatorCount);
        Assert.Equal("筹备中", reference.Status);
        Assert.True(reference.UnitCount >= 1, "the office at least");
        var table = list.Single(c => c.Id == tableId);
        Assert.Equal(4, table.IndicatorCount);
        Assert.True(table.UnitCount > 3, $"units {table.UnitCount}");
        Assert.True(table.AssignmentCount > 0);
        var overview = (await admin.GetFromJsonAsync<CampaignOverview>($"/api/campaigns/{id}"))!;
        Assert.Equal(7, overview.Stages.Count);

        var duplicate = await admin.PostAsync("/api/campaigns", NewCampaignForm("某某县法治政府建设示范创建"));
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Contains("已有同名", await duplicate.Content.ReadAsStringAsync());
        var backwards = await admin.PostAsync("/api/campaigns", NewCampaignForm("日期颠倒的活动", endsOn: "2026-01-01"));
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Equal("结束日期应晚于开始日期", (await backwards.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("endsOn")[0].GetString());
        var unreadable = await admin.PostAsync("/api/campaigns", NewCampaignForm("坏文件的活动", [0x50, 0x4B, 3, 4, 1, 2], "表.docx"));
        Assert.Equal(HttpStatusCode.BadRequest, unreadable.StatusCode);
        Assert.True((await unreadable.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("framework", out _));
        Assert.Equal(3, (await admin.GetFromJsonAsync<List<CampaignSummary>>("/api/campaigns"))!.Count);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"/api/campaigns/{id}", new { name = "某某县法治政府建设示范创建（2027）", status = "进行中" })).StatusCode);
        var renamed = (await admin.GetFromJsonAsync<List<CampaignSummary>>("/api/campaigns"))!.Single(c => c.Id == id);
        Assert.Equal("某某县法治政府建设示范创建（2027）", renamed.Name);
        Assert.Equal("进行中", renamed.Status);

        // The office of the demo campaign may change its own campaign but neither start nor close one, nor touch another.
        var demo = await app.DemoCampaignIdAsync();
        var office = await app.OfficeClientAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await office.PostAsync("/api/campaigns", NewCampaignForm("越权新建"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await office.PostAsync($"/api/campaigns/{demo}/close", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await office.PutAsJsonAsync($"/api/campaigns/{id}", new { name = "越权改名" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await office.PutAsJsonAsync($"/api/campaigns/{demo}", new { region = "济源示范区" })).StatusCode);

        // A closed campaign keeps what it has and takes no more material.
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        var liaison = await app.ApiClientAsync("liaison1");
        Assert.Equal(HttpStatusCode.Created, (await liaison.PostAsync(Url(demo), Form(Pdf, "前.pdf"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/campaigns/{demo}/close", null)).StatusCode);
        var refused = await liaison.PostAsync(Url(demo), Form(Pdf, "后.pdf"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("创建活动已结束", await refused.Content.ReadAsStringAsync());
        Assert.Single((await liaison.GetFromJsonAsync<List<Shifan.Features.Evidence.EvidenceView>>($"/api/campaigns/{demo}/evidence"))!);
    }

    [Fact]
    public async Task APageTheRoleMayNotSeeSaysNoPermissionAndShowsNoLoginForm()
    {
        await using var app = new ShifanApp("sqlite");
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        var page = app.CreateClient(new() { AllowAutoRedirect = false });
        await FrameworkVersionTests.SignInAsync(page, "liaison1");
        var denied = await page.GetAsync("/system/users");
        Assert.True(denied.StatusCode == HttpStatusCode.Forbidden, $"{denied.StatusCode} {denied.Headers.Location}");
        var html = await denied.Content.ReadAsStringAsync();
        Assert.Contains("无权限", html);
        Assert.DoesNotContain("id=\"password\"", html);
        // Nor does any page offer what the liaison cannot do.
        Assert.DoesNotContain("新建创建活动", await page.GetStringAsync("/"));
        var campaign = await app.DemoCampaignIdAsync();
        var (held, notHeld) = await app.WithDbAsync(async db =>
        {
            var unit = await db.Units.Where(u => u.Name == "行政审批科").Select(u => u.Id).SingleAsync();
            var frameworkId = await db.Campaigns.Where(c => c.Id == campaign).Select(c => c.FrameworkId).SingleAsync();
            var mine = await db.Assignments.Where(a => a.UnitId == unit).Select(a => a.NodeId).ToListAsync();
            var indicators = await db.FrameworkNodes.Where(n => n.FrameworkId == frameworkId && n.Kind == Shifan.Core.Frameworks.NodeKind.Indicator)
                .Select(n => new { n.Id, n.ParentId }).ToListAsync();
            return (indicators.First(n => mine.Contains(n.Id)).Id, indicators.First(n => !mine.Contains(n.Id) && !mine.Contains(n.ParentId ?? 0)).Id);
        });
        Assert.Contains("上传文件", await page.GetStringAsync($"/campaigns/{campaign}/indicators/{held}"));
        Assert.DoesNotContain("上传文件", await page.GetStringAsync($"/campaigns/{campaign}/indicators/{notHeld}"));
    }

    [Fact]
    public async Task CampaignCommandsCreateUpdateAndCloseAndRefuseMistakes()
    {
        await using var app = new ShifanApp("sqlite");
        await app.DemoCampaignIdAsync();
        string[] target = ["--data", app.DataDirectory, "--database", app.ConnectionString];
        async Task<(int Exit, string Out, string Err)> Run(params string[] args)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var exit = await CommandLine.RunAsync([.. args, .. target], stdout, new StringReader(""), stderr);
            return (exit, stdout.ToString(), stderr.ToString());
        }

        var created = await Run("campaign", "create", "--name", "命令行新建的活动", "--region", "某某区", "--level", "区", "--from", "2027-01-01", "--to", "2027-12-31");
        Assert.Equal(0, created.Exit);
        var id = int.Parse(System.Text.RegularExpressions.Regex.Match(created.Out, @"创建活动 (\d+)").Groups[1].Value);
        Assert.Equal(0, (await Run("campaign", "update", id.ToString(), "--status", "进行中")).Exit);
        Assert.Equal(0, (await Run("campaign", "close", id.ToString())).Exit);
        var list = await Run("campaign", "list");
        Assert.Contains("命令行新建的活动", list.Out);
        Assert.Contains("已结束", list.Out);

        var misspelt = await Run("campaign", "create", "--nmae", "x");
        Assert.Equal(2, misspelt.Exit);
        Assert.Contains("--nmae", misspelt.Err);
        var wrongFormat = await Run("framework", "export", "--campaign", "1", "--formt", "xlsx", "--out", Path.Combine(app.DataDirectory, "x.xlsx"));
        Assert.Equal(2, wrongFormat.Exit);
        Assert.False(File.Exists(Path.Combine(app.DataDirectory, "x.xlsx")));
        var missing = await Run("evidence", "check", "--campaign", "999");
        Assert.Equal(1, missing.Exit);
        Assert.Contains("创建活动不存在", missing.Err);
        Assert.DoesNotContain("Sequence contains no elements", missing.Err);
        var badDate = await Run("campaign", "create", "--name", "y", "--region", "z", "--from", "明天", "--to", "2027-12-31");
        Assert.Equal(2, badDate.Exit);
        Assert.Equal(2, await Program.Main(["ledger", "export"]));
    }
}

/// <summary>One sniffer for uploads and imports: a .docx saved by LibreOffice or WPS is a .docx.</summary>
public class FileTypeTests
{
    [Fact]
    public async Task ADocxWrittenByLibreOfficeIsStoredAsDocxAndPassesTheChecks()
    {
        await using var app = new ShifanApp("sqlite");
        var campaign = await app.DemoCampaignIdAsync();
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        var liaison = await app.ApiClientAsync("liaison1");
        var office = await app.OfficeClientAsync();
        byte[] docx;
        using (var ms = new MemoryStream())
        {
            Shifan.Documents.Export.FrameworkWriters.Write(Shifan.Documents.Frameworks.FrameworkJson.Read(new MemoryStream(await office.GetByteArrayAsync($"/api/campaigns/{campaign}/framework"))), "docx", ms);
            docx = Shifan.TestSupport.OfficeFiles.ReorderedLikeLibreOffice(ms.ToArray());
        }
        var created = await liaison.PostAsync(Url(campaign), Form(docx, "制度文件.docx", ("year", "2024")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("docx", body.GetProperty("versions")[0].GetProperty("detectedType").GetString());
        var check = (await liaison.GetFromJsonAsync<List<Shifan.Core.Evidence.IndicatorCheck>>($"/api/campaigns/{campaign}/evidence/checks"))!.Single(c => c.Code == "1" && c.Kind == "indicator");
        Assert.DoesNotContain(check.Requirements[0].Findings, f => f.Code == "type-mismatch");

        // The importer takes the same file.
        var import = await office.PostAsync($"/api/campaigns/{campaign}/framework/import", Form(docx, "分工表.docx"));
        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
    }
}

/// <summary>The first start: the three administrators' one-time passwords cannot be missed, and none outlives its account's first sign-in.</summary>
public class FirstStartTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task EachAdministratorsOneTimePasswordIsKeptInItsOwnOwnerOnlyFileUntilThatAccountSignsIn(string provider)
    {
        await using var app = new ShifanApp(provider);
        await app.DemoCampaignIdAsync();
        var accounts = await app.WithDbAsync(db => db.Users.Where(u => u.MustChangePassword).OrderBy(u => u.Id).Select(u => new { u.UserName, u.Role }).ToListAsync());
        Assert.Equal([("admin", Roles.Admin), ("secadmin", Roles.SecurityAdmin), ("auditadmin", Roles.AuditAdmin)], accounts.Select(a => (a.UserName, a.Role)));
        var passwords = accounts.ToDictionary(a => a.UserName, a => UpgradeTests.OneTimePasswordIn(app.DataDirectory, a.UserName));
        Assert.Equal(3, passwords.Values.Distinct().Count());
        Assert.Equal(Path.Combine(app.DataDirectory, Shifan.Features.Account.InitialPasswordFile.FileName), Path.Combine(app.DataDirectory, Shifan.Features.Account.InitialPasswordFile.FileNameOf("admin")));

        // Each file goes with its own account's first sign-in, and only that one.
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/login", new { userName = "secadmin", password = passwords["secadmin"] })).StatusCode);
        Assert.False(File.Exists(Path.Combine(app.DataDirectory, Shifan.Features.Account.InitialPasswordFile.FileNameOf("secadmin"))));
        Assert.True(File.Exists(Path.Combine(app.DataDirectory, Shifan.Features.Account.InitialPasswordFile.FileName)));
        Assert.True(File.Exists(Path.Combine(app.DataDirectory, Shifan.Features.Account.InitialPasswordFile.FileNameOf("auditadmin"))));
        // Another's password does not open an account.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/login", new { userName = "auditadmin", password = passwords["admin"] })).StatusCode);
        foreach (var name in new[] { "admin", "auditadmin" })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/login", new { userName = name, password = passwords[name] })).StatusCode);
            Assert.False(File.Exists(Path.Combine(app.DataDirectory, Shifan.Features.Account.InitialPasswordFile.FileNameOf(name))));
        }
    }

    [Fact]
    public async Task StartedFromAnotherFolderTheAppReadsItsOwnSettingsAndPrintsThePasswordLast()
    {
        using var data = new Shifan.TestSupport.TempDirectory();
        var port = Shifan.TestSupport.PostgresServer.FreePort();
        var dll = Path.Combine(AppContext.BaseDirectory, "shifan.dll");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", ["exec", dll, "--data", data.Path, "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = Path.GetTempPath(), RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var deadline = DateTime.UtcNow.AddSeconds(180);
            while (true)
            {
                try { if ((await http.GetAsync("/healthz")).IsSuccessStatusCode) break; } catch (HttpRequestException) { }
                Assert.False(process.HasExited, $"the app stopped: {output}");
                Assert.True(DateTime.UtcNow < deadline, "the app did not start in time");
                await Task.Delay(500);
            }
            await Task.Delay(1500);
            string text;
            lock (output) text = output.ToString();
            Assert.DoesNotContain("Executed DbCommand", text);
            var block = text.LastIndexOf("一次性密码：", StringComparison.Ordinal);
            Assert.True(block > 0, text);
            // One framed block with the three administrators, each with its own password.
            Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(text, "一次性密码："));
            foreach (var line in new[] { "系统管理员账号：admin", "安全管理员账号：secadmin", "审计管理员账号：auditadmin" }) Assert.Contains(line, text);
            Assert.True(block > text.LastIndexOf("Application started", StringComparison.Ordinal), "the password is printed after the start-up lines");
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/login")).StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
