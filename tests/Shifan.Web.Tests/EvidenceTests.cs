using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shifan.Core.Evidence;
using Shifan.Core.Users;
using Shifan.Features.Evidence;

using static Shifan.Web.Tests.Uploads;

namespace Shifan.Web.Tests;

public class EvidenceTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 1, 2, 3];

    /// <summary>Indicator 1 is led by 行政审批科 in the demo campaign: its liaison may upload there.</summary>
    private static async Task<(ShifanApp App, int Campaign, HttpClient Liaison, HttpClient Other)> SetUpAsync(string provider = "sqlite", Dictionary<string, string>? settings = null)
    {
        var app = new ShifanApp(provider, settings);
        var id = await app.DemoCampaignIdAsync();
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        await app.CreateUserAsync("liaison2", Roles.Liaison, "财审科");
        return (app, id, await app.ApiClientAsync("liaison1"), await app.ApiClientAsync("liaison2"));
    }

    private static int BlobCount(ShifanApp app)
    {
        var root = Path.Combine(app.DataDirectory, "files");
        return Directory.Exists(root) ? Directory.GetFiles(root, "*", SearchOption.AllDirectories).Count(f => !Path.GetRelativePath(root, f).StartsWith("tmp")) : 0;
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task LiaisonUploadsStoresOnceAndOtherUnitsCannotReachIt(string provider)
    {
        var (app, id, liaison, other) = await SetUpAsync(provider);
        await using var _ = app;
        var created = await liaison.PostAsync(Url(id), Form(Pdf, "审批服务情况说明.pdf", ("title", "审批服务情况说明"), ("kind", "文件"), ("documentNo", "济教体〔2023〕12号"), ("documentDate", "2023-05-01")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var itemId = body.GetProperty("id").GetInt32();
        Assert.Equal(2023, body.GetProperty("year").GetInt32());
        var sha = body.GetProperty("versions")[0].GetProperty("sha256").GetString()!;
        Assert.True(File.Exists(Path.Combine(app.DataDirectory, "files", sha[..2], sha[2..4], sha)));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Entity == "EvidenceVersion" && a.Changes.Contains(sha))));

        var again = await liaison.PostAsync(Url(id), Form(Pdf, "重复.pdf"));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(1, BlobCount(app));

        Assert.Empty((await other.GetFromJsonAsync<List<EvidenceView>>($"/api/campaigns/{id}/evidence"))!);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/campaigns/{id}/evidence/{itemId}/file")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/api/campaigns/{id}/evidence/{itemId}")).StatusCode);
        var refused = await other.PostAsync(Url(id), Form(Pdf, "x.pdf"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("本单位没有承担这项指标", await refused.Content.ReadAsStringAsync());

        var mine = (await liaison.GetFromJsonAsync<List<EvidenceView>>($"/api/campaigns/{id}/evidence"))!;
        Assert.Equal(2, mine.Count);
        var download = await liaison.GetAsync($"/api/campaigns/{id}/evidence/{itemId}/file");
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "download" && a.Actor == "liaison1")));

        var checks = (await liaison.GetFromJsonAsync<List<IndicatorCheck>>($"/api/campaigns/{id}/evidence/checks"))!;
        var first = checks.First(c => c.Code == "1" && c.Kind == "indicator");
        Assert.Contains(first.Requirements[0].Findings, f => f.Code == "duplicate");
        Assert.Contains(first.Requirements[1].Findings, f => f.Code == "missing");
        Assert.Equal(0.5, first.Completeness, 3);
    }

    [Fact]
    public async Task BadUploadsAreRefusedInChineseAndNothingIsStored()
    {
        var (app, id, liaison, _) = await SetUpAsync(settings: new() { ["Shifan:MaxUploadBytes"] = "4096" });
        await using var __ = app;
        async Task<string> Refused(HttpContent content, string field = "file")
        {
            var r = await liaison.PostAsync(Url(id), content);
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            var text = await r.Content.ReadAsStringAsync();
            Assert.Contains(field, text);
            return text;
        }
        Assert.Contains("可执行程序", await Refused(Form([(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0], "通知.pdf")));
        Assert.Contains("文件超过上限", await Refused(Form(new byte[5000], "大文件.pdf")));
        Assert.Contains("路径分隔符", await Refused(Form(Pdf, "../../etc/passwd.pdf")));
        Assert.Contains("控制字符", await Refused(Form(Pdf, "a\u0001b.pdf")));
        Assert.Contains("网址须以", await Refused(Form(Pdf, "a.pdf", ("sourceUrl", "javascript:alert(1)")), "sourceUrl"));
        using var bomb = new MemoryStream();
        using (var zip = new ZipArchive(bomb, ZipArchiveMode.Create, true))
        {
            using var s = zip.CreateEntry("scan.tif", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 64; i++) s.Write(zeros);
        }
        var (bombApp, bombId, bombLiaison, _) = await SetUpAsync();
        await using (bombApp)
        {
            var r = await bombLiaison.PostAsync(Url(bombId), Form(bomb.ToArray(), "扫描件.zip"));
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Contains("压缩炸弹", await r.Content.ReadAsStringAsync());
            Assert.Equal(0, BlobCount(bombApp));
        }
        Assert.Equal(0, BlobCount(app));
        Assert.Equal(0, await app.WithDbAsync(db => db.EvidenceItems.CountAsync()));
    }

    [Fact]
    public async Task ChecksFindOldMaterialLongExplanationsMissingScreenshotsAndWrongTypes()
    {
        var (app, id, liaison, _) = await SetUpAsync();
        await using var _ = app;
        // Indicator 1, material 1 asks for material "2021年以来".
        Assert.Equal(HttpStatusCode.Created, (await liaison.PostAsync(Url(id), Form(Pdf, "旧文件.pdf", ("year", "2019")))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await liaison.PostAsync(Url(id), Form(Png, "截图.pdf", ("year", "2022")))).StatusCode);
        var link = await liaison.PostAsJsonAsync($"/api/campaigns/{id}/indicators/1/materials/2/links", new { title = "一件事一次办报道", sourceUrl = "https://www.example.gov.cn/news/1", year = 2023 });
        Assert.Equal(HttpStatusCode.Created, link.StatusCode);
        var linkId = (await link.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var tooLong = await liaison.PostAsJsonAsync($"/api/campaigns/{id}/indicators/1/materials/2/explanations", new { title = "推行一件事一次办的情况说明", text = new string('办', 650) });
        Assert.Equal(HttpStatusCode.Created, tooLong.StatusCode);

        var node = (await liaison.GetFromJsonAsync<List<IndicatorCheck>>($"/api/campaigns/{id}/evidence/checks"))!.First(c => c.Code == "1" && c.Kind == "indicator");
        var r1 = node.Requirements[0].Findings;
        var r2 = node.Requirements[1].Findings;
        Assert.Contains(r1, f => f.Code == "too-old" && f.Message.Contains("2019年") && f.Message.Contains("2021年以来"));
        Assert.Contains(r1, f => f.Code == "type-mismatch" && f.Message.Contains("png"));
        Assert.Contains(r2, f => f.Code == "url-without-screenshot");
        Assert.Contains(r2, f => f.Code == "too-long" && f.Message.Contains("650字") && f.Message.Contains("600字"));
        Assert.Equal(0.0, node.Completeness, 3);

        var shot = new MultipartFormDataContent { { new ByteArrayContent(Png), "file", "报道截图.png" } };
        Assert.Equal(HttpStatusCode.OK, (await liaison.PostAsync($"/api/campaigns/{id}/evidence/{linkId}/versions", shot)).StatusCode);
        var after = (await liaison.GetFromJsonAsync<List<IndicatorCheck>>($"/api/campaigns/{id}/evidence/checks?nodeId={node.NodeId}"))!.Single();
        Assert.DoesNotContain(after.Requirements[1].Findings, f => f.Code == "url-without-screenshot");
        Assert.Equal(1.0, after.Requirements[1].Completeness, 3);
        Assert.Contains(after.Requirements[1].Findings, f => f.Code == "too-long");
    }

    [Fact]
    public async Task ReplacingKeepsVersionsClassifiedMaterialTakesNoFileAndDeletionIsSoft()
    {
        var (app, id, liaison, _) = await SetUpAsync();
        await using var _ = app;
        var itemId = (await (await liaison.PostAsync(Url(id), Form(Pdf, "v1.pdf"))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var v2 = new MultipartFormDataContent { { new ByteArrayContent(Png), "file", "v2.png" } };
        Assert.Equal(HttpStatusCode.OK, (await liaison.PostAsync($"/api/campaigns/{id}/evidence/{itemId}/versions", v2)).StatusCode);
        Assert.Equal(Pdf, await (await liaison.GetAsync($"/api/campaigns/{id}/evidence/{itemId}/file?version=1")).Content.ReadAsByteArrayAsync());
        Assert.Equal(Png, await (await liaison.GetAsync($"/api/campaigns/{id}/evidence/{itemId}/file")).Content.ReadAsByteArrayAsync());

        var missing = await liaison.PostAsJsonAsync($"/api/campaigns/{id}/indicators/1/materials/1/classified", new { title = "涉密文件" });
        Assert.Contains("请填写密级", await missing.Content.ReadAsStringAsync());
        var secret = await liaison.PostAsJsonAsync($"/api/campaigns/{id}/indicators/1/materials/1/classified", new { title = "涉密会议纪要", secrecyLevel = "秘密", keptAt = "局机要室", holder = "李四" });
        var secretId = (await secret.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var attach = new MultipartFormDataContent { { new ByteArrayContent(Pdf), "file", "secret.pdf" } };
        var refused = await liaison.PostAsync($"/api/campaigns/{id}/evidence/{secretId}/versions", attach);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("涉密材料不上传文件", await refused.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NoContent, (await liaison.DeleteAsync($"/api/campaigns/{id}/evidence/{itemId}")).StatusCode);
        Assert.DoesNotContain((await liaison.GetFromJsonAsync<List<EvidenceView>>($"/api/campaigns/{id}/evidence"))!, e => e.Id == itemId);
        var office = await app.OfficeClientAsync();
        var seen = (await office.GetFromJsonAsync<List<EvidenceView>>($"/api/campaigns/{id}/evidence?deleted=true"))!;
        Assert.True(Assert.Single(seen, e => e.Id == itemId).Deleted);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task SearchFindsChineseTextInsideDocumentsWithinTheCallersScope(string provider)
    {
        var (app, id, liaison, other) = await SetUpAsync(provider);
        await using var _ = app;
        using var docx = new MemoryStream();
        var file = new Documents.Frameworks.FrameworkFile
        {
            Title = "规范性文件管理",
            Nodes = [new Documents.Frameworks.NodeDto { Kind = "indicator", Code = "1", Title = "审核", Text = "本局全面落实行政规范性文件合法性审核机制，审核率达100%。" }],
        };
        Documents.Export.FrameworkDocxWriter.Write(file, docx);
        Assert.Equal(HttpStatusCode.Created, (await liaison.PostAsync(Url(id), Form(docx.ToArray(), "制度汇编.docx", ("title", "制度汇编")))).StatusCode);
        // The text is extracted in the background after the upload has answered: wait for it.
        var found = new List<EvidenceView>();
        for (var waited = 0; found.Count == 0 && waited < 300; waited++)
        {
            found = (await liaison.GetFromJsonAsync<List<EvidenceView>>($"/api/campaigns/{id}/evidence?q={Uri.EscapeDataString("合法性审核")}"))!;
            if (found.Count == 0) await Task.Delay(100);
        }
        Assert.Equal("制度汇编", Assert.Single(found).Title);
        var version = await app.WithDbAsync(db => db.EvidenceVersions.SingleAsync(v => v.FileName == "制度汇编.docx"));
        Assert.False(version.TextPending);
        Assert.Contains("合法性审核机制", version.ExtractedText);
        // Derived text is not anybody's change: the audit trail records the upload, not the extracted text.
        Assert.False(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Changes.Contains("合法性审核机制"))));
        Assert.Empty((await liaison.GetFromJsonAsync<List<EvidenceView>>($"/api/campaigns/{id}/evidence?q={Uri.EscapeDataString("不存在的词")}"))!);
        Assert.Empty((await other.GetFromJsonAsync<List<EvidenceView>>($"/api/campaigns/{id}/evidence?q={Uri.EscapeDataString("合法性审核")}"))!);
        Assert.Single((await liaison.GetFromJsonAsync<List<EvidenceView>>($"/api/campaigns/{id}/evidence?q={Uri.EscapeDataString("审核")}"))!);
        Assert.Single((await liaison.GetFromJsonAsync<List<EvidenceView>>($"/api/campaigns/{id}/evidence?q={Uri.EscapeDataString("100%")}"))!);
    }

    [Fact]
    public async Task TheUploadAnswersBeforeTheTextIsExtractedAndTheExtractCommandCatchesUp()
    {
        // Background extraction off: what the upload itself does is visible on its own.
        var (app, id, liaison, _) = await SetUpAsync(settings: new() { ["Shifan:TextExtraction"] = "off" });
        await using var _ = app;
        using var docx = new MemoryStream();
        Documents.Export.FrameworkDocxWriter.Write(new Documents.Frameworks.FrameworkFile
        {
            Title = "制度",
            Nodes = [new Documents.Frameworks.NodeDto { Kind = "indicator", Code = "1", Title = "公平竞争", Text = "开展公平竞争审查并建立台账。" }],
        }, docx);
        Assert.Equal(HttpStatusCode.Created, (await liaison.PostAsync(Url(id), Form(docx.ToArray(), "审查台账.docx"))).StatusCode);
        var listed = Assert.Single((await liaison.GetFromJsonAsync<List<EvidenceView>>($"/api/campaigns/{id}/evidence"))!);
        Assert.True(listed.Versions[0].TextPending);
        Assert.Empty((await liaison.GetFromJsonAsync<List<EvidenceView>>($"/api/campaigns/{id}/evidence?q={Uri.EscapeDataString("公平竞争审查")}"))!);
        var page = await liaison.GetStringAsync($"/campaigns/{id}/indicators/{listed.NodeId}");
        Assert.Contains("文字提取中", page);

        var stdout = new StringWriter();
        var exit = await Cli.CommandLine.RunAsync(["evidence", "extract", "--data", app.DataDirectory, "--database", app.ConnectionString], stdout, new StringReader(""), new StringWriter());
        Assert.Equal(0, exit);
        Assert.Contains("已提取 1 个文件的文字", stdout.ToString());
        var found = Assert.Single((await liaison.GetFromJsonAsync<List<EvidenceView>>($"/api/campaigns/{id}/evidence?q={Uri.EscapeDataString("公平竞争审查")}"))!);
        Assert.False(found.Versions[0].TextPending);
    }

    [Fact]
    public async Task EvidenceCommandsLoadAFolderAndPrintTheChecks()
    {
        var (app, id, _, _) = await SetUpAsync();
        await using var __ = app;
        var folder = Path.Combine(app.DataDirectory, "scans");
        Directory.CreateDirectory(folder);
        await File.WriteAllBytesAsync(Path.Combine(folder, "a.pdf"), Pdf);
        await File.WriteAllBytesAsync(Path.Combine(folder, "b.png"), Png);
        await File.WriteAllBytesAsync(Path.Combine(folder, "c.pdf"), [(byte)'M', (byte)'Z', 0, 0]);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await Cli.CommandLine.RunAsync(["evidence", "add", folder, "--campaign", id.ToString(), "--indicator", "1", "--material", "1", "--user", "liaison1",
            "--data", app.DataDirectory, "--database", app.ConnectionString], stdout, new StringReader(""), stderr);
        Assert.True(exit == 1, stdout + "\n" + stderr);
        Assert.Equal(1, exit);
        Assert.True(stdout.ToString().Contains("共上传 2 个文件，1 个未上传"), stdout + "\n" + stderr);
        Assert.Contains("c.pdf：这是可执行程序", stdout.ToString());
        Assert.Equal(["liaison1"], await app.WithDbAsync(db => db.EvidenceItems.Select(e => e.UploadedBy).Distinct().ToListAsync()));

        var json = new StringWriter();
        Assert.Equal(0, await Cli.CommandLine.RunAsync(["evidence", "check", "--campaign", id.ToString(), "--json", "--data", app.DataDirectory, "--database", app.ConnectionString], json, new StringReader(""), new StringWriter()));
        var checks = JsonDocument.Parse(json.ToString()).RootElement;
        var first = checks.EnumerateArray().First(c => c.GetProperty("code").GetString() == "1" && c.GetProperty("kind").GetString() == "indicator");
        Assert.Equal(2, first.GetProperty("requirements")[0].GetProperty("count").GetInt32());
    }
}

public class ChunkedUploadTests
{
    [Fact]
    public async Task AnInterruptedUploadResumesFromWhatTheServerHas()
    {
        await using var app = new ShifanApp("sqlite");
        var id = await app.DemoCampaignIdAsync();
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        var liaison = await app.ApiClientAsync("liaison1");
        var bytes = new byte[3 * 1024 * 1024 + 123];
        new Random(9).NextBytes(bytes);
        "%PDF-1.7\n"u8.CopyTo(bytes);

        var start = await liaison.PostAsJsonAsync($"/api/campaigns/{id}/indicators/1/materials/1/uploads", new { fileName = "执法案卷扫描.pdf", size = bytes.Length, title = "执法案卷", year = 2023 });
        Assert.Equal(HttpStatusCode.Created, start.StatusCode);
        var uploadId = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var first = await liaison.PutAsync($"/api/campaigns/{id}/uploads/{uploadId}?offset=0", new ByteArrayContent(bytes[..1_000_000]));
        Assert.Equal(1_000_000, (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("received").GetInt64());
        var early = await liaison.PostAsync($"/api/campaigns/{id}/uploads/{uploadId}/complete", null);
        Assert.Contains("尚未传完", await early.Content.ReadAsStringAsync());
        // The connection broke; the client asks where to go on and sends a chunk at the wrong offset first.
        var state = await liaison.GetFromJsonAsync<JsonElement>($"/api/campaigns/{id}/uploads/{uploadId}");
        Assert.Equal(1_000_000, state.GetProperty("received").GetInt64());
        var wrong = await liaison.PutAsync($"/api/campaigns/{id}/uploads/{uploadId}?offset=5", new ByteArrayContent(bytes[5..10]));
        Assert.Equal(HttpStatusCode.Conflict, wrong.StatusCode);
        var rest = await liaison.PutAsync($"/api/campaigns/{id}/uploads/{uploadId}?offset=1000000", new ByteArrayContent(bytes[1_000_000..]));
        Assert.Equal(bytes.Length, (await rest.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("received").GetInt64());

        await app.CreateUserAsync("liaison2", Roles.Liaison, "财审科");
        var other = await app.ApiClientAsync("liaison2");
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/campaigns/{id}/uploads/{uploadId}/complete", null)).StatusCode);

        var done = await liaison.PostAsync($"/api/campaigns/{id}/uploads/{uploadId}/complete", null);
        Assert.Equal(HttpStatusCode.Created, done.StatusCode);
        var itemId = (await done.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        Assert.Equal(bytes, await (await liaison.GetAsync($"/api/campaigns/{id}/evidence/{itemId}/file")).Content.ReadAsByteArrayAsync());
        Assert.Empty(Directory.GetFiles(Path.Combine(app.DataDirectory, "files", "uploads")));
        var tooBig = await liaison.PostAsJsonAsync($"/api/campaigns/{id}/indicators/1/materials/1/uploads", new { fileName = "大.mp4", size = long.MaxValue / 2 });
        Assert.Contains("文件超过上限", await tooBig.Content.ReadAsStringAsync());
    }
}

public class ExplanationExportTests
{
    [Fact]
    public async Task AWrittenExplanationExportsToWordThatLibreOfficeRenders()
    {
        await using var app = new ShifanApp("sqlite");
        var id = await app.DemoCampaignIdAsync();
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        var liaison = await app.ApiClientAsync("liaison1");
        var text = "一、基本情况\n我局全面推行行政审批服务“马上办、网上办、就近办”，网上可办率达到95%。\n二、主要做法\n建立一件事一次办清单。";
        var created = await liaison.PostAsJsonAsync($"/api/campaigns/{id}/indicators/1/materials/1/explanations", new { title = "审批服务情况说明", text });
        var itemId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var response = await liaison.GetAsync($"/api/campaigns/{id}/evidence/{itemId}/docx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var path = Path.Combine(app.DataDirectory, "说明.docx");
        await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
        var pdf = await TestSupport.LibreOffice.ConvertToPdfAsync(path, app.DataDirectory);
        using var doc = UglyToad.PdfPig.PdfDocument.Open(pdf);
        var rendered = string.Concat(doc.GetPages().Select(p => p.Text));
        Assert.Contains("审批服务情况说明", rendered);
        Assert.Contains("网上可办率达到95%", rendered);
        Assert.Contains("行政审批科", rendered);

        await app.CreateUserAsync("liaison2", Roles.Liaison, "财审科");
        var other = await app.ApiClientAsync("liaison2");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/campaigns/{id}/evidence/{itemId}/docx")).StatusCode);
    }
}
