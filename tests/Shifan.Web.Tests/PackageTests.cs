using Shifan.TestSupport;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shifan.Cli;
using Shifan.Core.Frameworks;
using Shifan.Core.Users;

using static Shifan.Web.Tests.Uploads;

namespace Shifan.Web.Tests;

/// <summary>
/// The application package: the pre-freeze check, freezing what is approved (later edits leave a freeze as
/// it was), comparing freezes, the streamed .zip with its manifest, and `package verify` naming a changed file.
/// </summary>
public class PackageTests
{
    private sealed record Run(int Exit, string Out, string Err);

    private static async Task<Run> ShifanAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CommandLine.RunAsync(args, stdout, new StringReader(""), stderr);
        return new Run(exit, stdout.ToString(), stderr.ToString());
    }

    private static string[] Target(ShifanApp app) => ["--data", app.DataDirectory, "--database", app.ConnectionString];

    private const string Marker = "PACKAGE-TEST-MARKER-0123456789";

    internal static readonly byte[] MarkedPdf = Encoding.ASCII.GetBytes($"%PDF-1.4\n1 0 obj<<>>endobj\n% {Marker}\ntrailer<<>>\n%%EOF\n");

    /// <param name="DemoFiles">The approved files the demo's sample history brings (its Word work plans), before the scene's PDF.</param>
    internal sealed record Scene(ShifanApp App, int Campaign, HttpClient Office, HttpClient Liaison, int Item, int DemoFiles = 0);

    /// <summary>
    /// The demo campaign with its sample review history (approved 情况说明), and a PDF of indicator 1 handed in by
    /// its lead unit (行政审批科) and approved by the office.
    /// </summary>
    internal static async Task<Scene> SetUpAsync(string provider)
    {
        var app = new ShifanApp(provider, new Dictionary<string, string> { ["Shifan:Demo:Activity"] = "true" });
        var campaign = await app.DemoCampaignIdAsync();
        await app.CreateUserAsync("lead1", Roles.Liaison, "行政审批科");
        var liaison = await app.ApiClientAsync("lead1");
        var office = await app.OfficeClientAsync();
        var demoFiles = (await office.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}/packages/check")).GetProperty("files").GetInt32();
        var uploaded = await liaison.PostAsync(Url(campaign), Form(MarkedPdf, "行政审批制度改革方案.pdf"));
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var item = (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var node = await app.WithDbAsync(async db =>
        {
            var frameworkId = await db.Campaigns.Where(c => c.Id == campaign).Select(c => c.FrameworkId).SingleAsync();
            return await db.FrameworkNodes.Where(n => n.FrameworkId == frameworkId && n.Kind == NodeKind.Indicator && n.Code == "1").Select(n => n.Id).SingleAsync();
        });
        var submitted = await liaison.PostAsJsonAsync($"/api/campaigns/{campaign}/indicators/{node}/submission", new { });
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        foreach (var id in (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reviewIds").EnumerateArray())
            Assert.Equal(HttpStatusCode.OK, (await office.PostAsync($"/api/campaigns/{campaign}/reviews/{id.GetInt32()}/approve", null)).StatusCode);
        return new Scene(app, campaign, office, liaison, item, demoFiles);
    }

    private static async Task<byte[]> DownloadAsync(Scene s, int no)
    {
        var response = await s.Office.GetAsync($"/api/campaigns/{s.Campaign}/packages/{no}/download");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task FreezeBuildAndVerifyAndLaterEditsLeaveTheFreezeAsItWas(string provider)
    {
        var s = await SetUpAsync(provider);
        await using var _ = s.App;

        // The check says what a freeze would hold and what is still missing.
        var check = await s.Office.GetFromJsonAsync<JsonElement>($"/api/campaigns/{s.Campaign}/packages/check");
        Assert.Equal(s.DemoFiles + 1, check.GetProperty("files").GetInt32());
        Assert.True(check.GetProperty("texts").GetInt32() > 0, "the demo's approved 情况说明 are in the package");
        Assert.Contains(check.GetProperty("findings").EnumerateArray(), f => f.GetProperty("message").GetString() == "没有审核通过的材料");
        Assert.False(check.GetProperty("blocked").GetBoolean());

        var frozen = await s.Office.PostAsync($"/api/campaigns/{s.Campaign}/packages", null);
        Assert.Equal(HttpStatusCode.Created, frozen.StatusCode);
        var first = await frozen.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, first.GetProperty("no").GetInt32());
        var detail = await s.Office.GetFromJsonAsync<JsonElement>($"/api/campaigns/{s.Campaign}/packages/1");
        var pdf = detail.GetProperty("manifest").GetProperty("files").EnumerateArray().Single(f => f.GetProperty("itemId").GetInt32() == s.Item);
        var pdfPath = pdf.GetProperty("path").GetString()!;
        Assert.StartsWith("一、", pdfPath);
        Assert.EndsWith("/1-1-行政审批制度改革方案.pdf", pdfPath);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(MarkedPdf)), pdf.GetProperty("sha256").GetString());
        Assert.Equal(64, pdf.GetProperty("sm3").GetString()!.Length);
        Assert.Equal("office1", pdf.GetProperty("approvedBy").GetString());

        // The zip: the file in its indicator folder, the manifest as frozen, manifest.xlsx and 目录.docx.
        var bytes = await DownloadAsync(s, 1);
        using (var zip = new ZipArchive(new MemoryStream(bytes)))
        {
            using (var entry = zip.GetEntry(pdfPath)!.Open())
            {
                var copy = new MemoryStream();
                entry.CopyTo(copy);
                Assert.Equal(MarkedPdf, copy.ToArray());
            }
            // 目录.docx and manifest.xlsx are valid Office Open XML (no repair prompt in Word, Excel or WPS).
            foreach (var name in new[] { "目录.docx", "manifest.xlsx" })
            {
                var extracted = Path.Combine(s.App.DataDirectory, name);
                zip.GetEntry(name)!.ExtractToFile(extracted, overwrite: true);
                OoxmlValidity.AssertValid(extracted);
            }
            using var manifest = zip.GetEntry("manifest.json")!.Open();
            var manifestHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(manifest));
            Assert.Equal(first.GetProperty("manifestSha256").GetString(), manifestHash);
        }
        var file = Path.Combine(s.App.DataDirectory, "downloaded.zip");
        await File.WriteAllBytesAsync(file, bytes);
        var verified = await ShifanAsync(["package", "verify", file, .. Target(s.App)]);
        Assert.True(verified.Exit == 0, verified.Out + verified.Err);
        Assert.Contains("申报包完好", verified.Out);

        // The liaison deletes the PDF: the review reopens, freeze 1 stays as it was, freeze 2 no longer has it.
        Assert.Equal(HttpStatusCode.NoContent, (await s.Liaison.DeleteAsync($"/api/campaigns/{s.Campaign}/evidence/{s.Item}")).StatusCode);
        var again = await s.Office.GetFromJsonAsync<JsonElement>($"/api/campaigns/{s.Campaign}/packages/1");
        Assert.Equal(detail.GetProperty("freeze").GetProperty("manifestSha256").GetString(), again.GetProperty("freeze").GetProperty("manifestSha256").GetString());
        Assert.Equal(HttpStatusCode.Created, (await s.Office.PostAsync($"/api/campaigns/{s.Campaign}/packages", null)).StatusCode);
        var compare = await s.Office.GetFromJsonAsync<JsonElement>($"/api/campaigns/{s.Campaign}/packages/compare?from=1&to=2");
        // Everything the reopened review held leaves the package (the PDF, and any 情况说明 approved with it).
        Assert.Equal(0, compare.GetProperty("added").GetInt32());
        Assert.Contains(compare.GetProperty("differences").EnumerateArray(),
            d => d.GetProperty("itemId").GetInt32() == s.Item && d.GetProperty("change").GetString() == "Removed");
        Assert.True(compare.GetProperty("differences").EnumerateArray().All(d => d.GetProperty("change").GetString() == "Removed"));
        // The first freeze still builds with the deleted file (the store keeps content) and still verifies.
        await File.WriteAllBytesAsync(file, await DownloadAsync(s, 1));
        Assert.Equal(0, (await ShifanAsync(["package", "verify", file, .. Target(s.App)])).Exit);

        // Nobody but the office (and admin) reaches packages.
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Liaison.GetAsync($"/api/campaigns/{s.Campaign}/packages")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Liaison.PostAsync($"/api/campaigns/{s.Campaign}/packages", null)).StatusCode);
        var browser = await s.App.CookieClientAsync("lead1");
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync($"/campaigns/{s.Campaign}/packages")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync($"/campaigns/{s.Campaign}/packages/1/download")).StatusCode);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task VerifyNamesTheFileWhoseByteChangedAndBuildFailsNamingAMissingBlob(string provider)
    {
        var s = await SetUpAsync(provider);
        await using var _ = s.App;
        var freeze = await ShifanAsync(["package", "freeze", "--campaign", s.Campaign.ToString(), .. Target(s.App)]);
        Assert.True(freeze.Exit == 0, freeze.Out + freeze.Err);
        Assert.Equal("1", freeze.Out.Trim().Split('\n')[^1].Trim());
        var zip = Path.Combine(s.App.DataDirectory, "package.zip");
        var built = await ShifanAsync(["package", "build", "--campaign", s.Campaign.ToString(), "--out", zip, .. Target(s.App)]);
        Assert.True(built.Exit == 0, built.Out + built.Err);
        Assert.Equal(0, (await ShifanAsync(["package", "verify", zip, .. Target(s.App)])).Exit);
        Assert.Empty(Directory.GetFiles(s.App.DataDirectory, "*.tmp"));

        // One byte of the PDF changed inside the zip (stored uncompressed, so it is found by its marker).
        var bytes = await File.ReadAllBytesAsync(zip);
        var at = IndexOf(bytes, Encoding.ASCII.GetBytes(Marker));
        Assert.True(at > 0);
        bytes[at + 3] ^= 0x20;
        var tampered = Path.Combine(s.App.DataDirectory, "tampered.zip");
        await File.WriteAllBytesAsync(tampered, bytes);
        var verify = await ShifanAsync(["package", "verify", tampered, .. Target(s.App)]);
        Assert.Equal(1, verify.Exit);
        Assert.Contains("1-1-行政审批制度改革方案.pdf", verify.Out);
        Assert.Contains("1处不符", verify.Out);

        // A file missing from the store: the build fails naming it, and no package is left behind.
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(MarkedPdf));
        File.Delete(Path.Combine(s.App.DataDirectory, "files", sha[..2], sha[2..4], sha));
        var missing = Path.Combine(s.App.DataDirectory, "missing.zip");
        var failed = await ShifanAsync(["package", "build", "--campaign", s.Campaign.ToString(), "--out", missing, .. Target(s.App)]);
        Assert.Equal(1, failed.Exit);
        Assert.Contains("1-1-行政审批制度改革方案.pdf", failed.Err);
        Assert.False(File.Exists(missing));
        Assert.Empty(Directory.GetFiles(s.App.DataDirectory, "*.tmp"));
        var download = await s.Office.GetAsync($"/api/campaigns/{s.Campaign}/packages/1/download");
        Assert.Equal(HttpStatusCode.Conflict, download.StatusCode);
        // And a new freeze is refused, naming it.
        var refused = await s.Office.PostAsync($"/api/campaigns/{s.Campaign}/packages", null);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("行政审批制度改革方案", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task DownloadAnswersRangeRequestsOnTheFinishedFileSoAnInterruptedDownloadResumes()
    {
        var s = await SetUpAsync("sqlite");
        await using var _ = s.App;
        Assert.Equal(HttpStatusCode.Created, (await s.Office.PostAsync($"/api/campaigns/{s.Campaign}/packages", null)).StatusCode);
        // Before the first download the page only offers the DA/T 70 check (it reads every file); the download makes it.
        var browser = await s.App.CookieClientAsync("office1");
        Assert.Contains("id=\"archive-pending\"", await browser.GetStringAsync($"/campaigns/{s.Campaign}/packages"));
        var full = await s.Office.GetAsync($"/api/campaigns/{s.Campaign}/packages/1/download");
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Contains("bytes", full.Headers.AcceptRanges);
        var etag = full.Headers.ETag;
        Assert.NotNull(etag);
        var bytes = await full.Content.ReadAsByteArrayAsync();
        Assert.Equal(bytes.Length, full.Content.Headers.ContentLength);

        // A middle range: exactly those bytes, with 206 and Content-Range.
        using var middle = new HttpRequestMessage(HttpMethod.Get, $"/api/campaigns/{s.Campaign}/packages/1/download");
        middle.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(100, 1099);
        var part = await s.Office.SendAsync(middle);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal($"bytes 100-1099/{bytes.Length}", part.Content.Headers.ContentRange?.ToString());
        Assert.Equal(bytes[100..1100], await part.Content.ReadAsByteArrayAsync());

        // Resuming from the middle with If-Range (as browsers and curl -C - do): the rest, and the two halves make the package.
        var half = bytes.Length / 2;
        using var resume = new HttpRequestMessage(HttpMethod.Get, $"/campaigns/{s.Campaign}/packages/1/download");
        resume.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(half, null);
        resume.Headers.IfRange = new System.Net.Http.Headers.RangeConditionHeaderValue(etag!);
        var rest = await browser.SendAsync(resume);
        Assert.Equal(HttpStatusCode.PartialContent, rest.StatusCode);
        Assert.Equal(bytes, bytes[..half].Concat(await rest.Content.ReadAsByteArrayAsync()).ToArray());

        // The DA/T 70 report: every file of the freeze, the scene's PDF passing all four; the same report in manifest.xlsx.
        var checks = await s.Office.GetFromJsonAsync<JsonElement>($"/api/campaigns/{s.Campaign}/packages/1/archive-check");
        Assert.Equal(s.DemoFiles + 1 + checks.EnumerateArray().Count(c => c.GetProperty("path").GetString()!.EndsWith(".txt")), checks.GetArrayLength());
        Assert.True(checks.EnumerateArray().Single(c => c.GetProperty("path").GetString()!.EndsWith("1-1-行政审批制度改革方案.pdf")).GetProperty("passed").GetBoolean());
        Assert.True(checks.EnumerateArray().All(c => c.GetProperty("authentic").GetBoolean() && c.GetProperty("secure").GetBoolean()));
        using (var zip = new ZipArchive(new MemoryStream(bytes)))
        using (var xlsx = new ZipArchive(zip.GetEntry("manifest.xlsx")!.Open()))
        using (var workbook = new StreamReader(xlsx.GetEntry("xl/workbook.xml")!.Open()))
            Assert.Contains("四性检测", await workbook.ReadToEndAsync());
        var page = WebUtility.HtmlDecode(await browser.GetStringAsync($"/campaigns/{s.Campaign}/packages"));
        Assert.Contains("四性检测（DA/T 70）", page);
        Assert.Contains("id=\"archive-check\"", page);

        // The finished file is kept under the data directory, with no temporary file beside it.
        var dir = Path.Combine(s.App.DataDirectory, "packages", s.Campaign.ToString());
        Assert.Single(Directory.GetFiles(dir, "*.zip"));
        Assert.Single(Directory.GetFiles(dir, "*-dat70.json"));
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i <= haystack.Length - needle.Length; i++)
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) return i;
        return -1;
    }
}
