using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shifan.Core.Users;
using Shifan.Documents.Frameworks;
using Shifan.Features.Campaigns;
using Shifan.Features.FrameworkImport;

namespace Shifan.Web.Tests;

public class ImportTests
{
    private static byte[] DamagedTable() => Shifan.TestSupport.SampleTables.DamagedTable();

    private static MultipartFormDataContent Upload(byte[] bytes, string name)
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, "file", name);
        return content;
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task UploadPreviewCorrectAndCommitATable(string provider)
    {
        await using var app = new ShifanApp(provider);
        var client = await app.OfficeClientAsync();
        var id = await app.DemoCampaignIdAsync();

        var started = await client.PostAsync($"/api/campaigns/{id}/framework/import", Upload(DamagedTable(), "分工表.txt"));
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var preview = (await started.Content.ReadFromJsonAsync<ImportPreview>(FrameworkJson.Options))!;
        Assert.Equal(4, preview.Counts["indicator"]);
        Assert.Contains(preview.File.Diagnostics, d => d.Message.Contains("推定为第3项") && d.Location == "第5行");
        Assert.Equal(MatchKind.Exact, preview.Units.Single(u => u.Name == "财审科").Kind);
        var fuzzy = preview.Units.Single(u => u.Name == "校外监管科");
        Assert.Equal(MatchKind.Ambiguous, fuzzy.Kind);
        Assert.Equal("校外培训监管科", Assert.Single(fuzzy.Candidates).Name);
        Assert.Equal(MatchKind.New, preview.Units.Single(u => u.Name == "县司法局").Kind);
        Assert.Equal(MatchKind.Collective, preview.Units.Single(u => u.Name == "相关责任科室").Kind);

        var bad = await client.PutAsJsonAsync($"/api/campaigns/{id}/framework/import/{preview.Token}/nodes?path=0/0/1", new { code = " " });
        Assert.Contains("编号不能为空", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsJsonAsync($"/api/campaigns/{id}/framework/import/{preview.Token}/nodes?path=0/0/1", new { text = "依法实施行政许可，非行政许可审批事项全部取消。", methods = "材料查证网络检索" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsJsonAsync($"/api/campaigns/{id}/framework/import/{preview.Token}/nodes?path=0/9", new { text = "x" })).StatusCode);

        await app.CreateUserAsync("office2", Roles.Office, "示范创建工作领导小组办公室");
        var other = await app.ApiClientAsync("office2");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/campaigns/{id}/framework/import/{preview.Token}")).StatusCode);

        var fuzzyTarget = fuzzy.Candidates[0].Id;
        var committed = await client.PostAsJsonAsync($"/api/campaigns/{id}/framework/import/{preview.Token}/commit", new { units = new Dictionary<string, int> { ["校外监管科"] = fuzzyTarget } });
        Assert.Equal(HttpStatusCode.OK, committed.StatusCode);
        var result = (await committed.Content.ReadFromJsonAsync<ImportResult>())!;
        Assert.Equal(2, result.Version);
        Assert.Equal(1, result.UnitsCreated);

        var summary = (await client.GetFromJsonAsync<List<CampaignSummary>>("/api/campaigns"))!.Single();
        Assert.Equal(4, summary.IndicatorCount);
        Assert.Equal(17, summary.UnitCount);
        var corrected = await app.WithDbAsync(db => db.FrameworkNodes.SingleAsync(n => n.FrameworkId == summary.FrameworkId && n.Code == "2"));
        Assert.Equal("依法实施行政许可，非行政许可审批事项全部取消。", corrected.Text);
        Assert.Equal(["材料查证", "网络检索"], corrected.Methods);
        var leads = await app.WithDbAsync(db => (from a in db.Assignments join u in db.Units on a.UnitId equals u.Id where a.NodeId == corrected.Id select u.Name).ToListAsync());
        Assert.Contains("校外培训监管科", leads);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/campaigns/{id}/framework/import/{preview.Token}")).StatusCode);
    }

    [Fact]
    public async Task UnreadableUploadsAreRefusedInChineseAndNothingChanges()
    {
        await using var app = new ShifanApp("sqlite");
        var client = await app.OfficeClientAsync();
        var id = await app.DemoCampaignIdAsync();
        var before = await app.WithDbAsync(db => db.Frameworks.CountAsync());

        var exe = await client.PostAsync($"/api/campaigns/{id}/framework/import", Upload([(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0], "表.docx"));
        Assert.Equal(HttpStatusCode.BadRequest, exe.StatusCode);
        Assert.Contains("无法识别的文件类型", await exe.Content.ReadAsStringAsync());
        var empty = await client.PostAsync($"/api/campaigns/{id}/framework/import", Upload([], "空.docx"));
        Assert.Contains("请选择要导入的文件", await empty.Content.ReadAsStringAsync());
        var truncated = await client.PostAsync($"/api/campaigns/{id}/framework/import", Upload([0x50, 0x4B, 3, 4, 20, 0, 0, 0], "坏.docx"));
        Assert.Contains("损坏", await truncated.Content.ReadAsStringAsync());

        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        var liaison = await app.ApiClientAsync("liaison1");
        Assert.Equal(HttpStatusCode.Forbidden, (await liaison.PostAsync($"/api/campaigns/{id}/framework/import", Upload(DamagedTable(), "t.txt"))).StatusCode);
        Assert.Equal(before, await app.WithDbAsync(db => db.Frameworks.CountAsync()));
        Assert.False(Directory.Exists(Path.Combine(app.DataDirectory, "imports")) && Directory.GetFiles(Path.Combine(app.DataDirectory, "imports")).Length > 0);
    }

    [Theory]
    [InlineData("xlsx")]
    [InlineData("docx")]
    [InlineData("json")]
    public async Task OfficeDownloadsTheFrameworkAndLiaisonsCannot(string format)
    {
        await using var app = new ShifanApp("sqlite");
        var client = await app.OfficeClientAsync();
        var id = await app.DemoCampaignIdAsync();
        var response = await client.GetAsync($"/campaigns/{id}/framework/export?format={format}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.EndsWith("." + format, response.Content.Headers.ContentDisposition!.FileNameStar);
        var back = Shifan.Documents.Import.FrameworkReader.Read(await response.Content.ReadAsByteArrayAsync(), "download." + format);
        Assert.Equal(93, back.AllNodes().Count(n => n.Kind == "indicator"));

        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        var liaison = await app.ApiClientAsync("liaison1");
        // A page address: refused the way pages are, with the not-found page, and no file.
        var refused = await liaison.GetAsync($"/campaigns/{id}/framework/export?format={format}");
        Assert.Contains(refused.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
        Assert.Null(refused.Content.Headers.ContentDisposition);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/campaigns/{id + 100}/framework/export?format={format}")).StatusCode);
    }

    [Fact]
    public async Task ImportCommandCreatesANewVersionFromAFile()
    {
        await using var app = new ShifanApp("sqlite");
        var id = await app.DemoCampaignIdAsync();
        var path = Path.Combine(app.DataDirectory, "分工表.txt");
        await File.WriteAllBytesAsync(path, DamagedTable());
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await Shifan.Cli.CommandLine.RunAsync(["framework", "import", path, "--campaign", id.ToString(), "--data", app.DataDirectory, "--database", app.ConnectionString], stdout, new StringReader(""), stderr);
        Assert.Equal(0, exit);
        Assert.Contains("已导入第2版指标体系", stdout.ToString());
        Assert.Contains("推定为第3项", stdout.ToString());
        var units = await app.WithDbAsync(db => db.Units.Where(u => u.CampaignId == id).Select(u => u.Name).ToListAsync());
        Assert.Contains("县司法局", units);
        Assert.Contains("校外监管科", units);
    }
}
