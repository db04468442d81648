using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shifan.Core.Evidence;
using Shifan.Core.Users;
using Shifan.Features.Evidence;
using Shifan.TestSupport;

using static Shifan.Web.Tests.Uploads;

namespace Shifan.Web.Tests;

/// <summary>
/// The two files of the security review, built here: a PDF whose page tree nests 100,000 levels (it
/// overflowed the server's stack) and a .docx of 280 MB of XML (it took the server to 4.5 GB). The
/// server must keep answering, stay small, and show the office the files as 无法提取文字 with the reason.
/// </summary>
public class HostileFileTests
{
    private static readonly Dictionary<string, string> FastWorker = new() { ["Shifan:Worker:TimeLimit"] = "00:00:20" };

    private static async Task<(ShifanApp App, int Campaign, HttpClient Liaison, HttpClient Office)> SetUpAsync(ShifanApp app)
    {
        var id = await app.DemoCampaignIdAsync();
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        return (app, id, await app.ApiClientAsync("liaison1"), await app.OfficeClientAsync());
    }

    private static async Task UploadFileAsync(HttpClient client, int campaign, string path, string fileName)
    {
        using var form = new MultipartFormDataContent();
        var file = new StreamContent(File.OpenRead(path));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        var response = await client.PostAsync(Url(campaign), form);
        Assert.True(response.StatusCode == HttpStatusCode.Created, Regex.Unescape(await response.Content.ReadAsStringAsync()));
    }

    private static Task<EvidenceVersion> VersionAsync(ShifanApp app, string fileName) =>
        app.WithDbAsync(db => db.EvidenceVersions.AsNoTracking().SingleAsync(v => v.FileName == fileName));

    /// <summary>Waits until the background extraction has finished with the version (text or quarantine).</summary>
    private static async Task<EvidenceVersion> SettledAsync(ShifanApp app, string fileName, TimeSpan within)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var v = await VersionAsync(app, fileName);
            if (!v.TextPending) return v;
            Assert.True(watch.Elapsed < within, $"{fileName} still pending after {watch.Elapsed} (attempts {v.ExtractionAttempts})");
            await Task.Delay(200);
        }
    }

    private static async Task AssertQuarantinedOnThePageAsync(HttpClient office, int campaign, int nodeId, string fileName, string reason)
    {
        // Razor encodes the file name and the reason as character references: read the page as a browser shows it.
        var page = WebUtility.HtmlDecode(await office.GetStringAsync($"/campaigns/{campaign}/indicators/{nodeId}"));
        var row = page[page.IndexOf(fileName, StringComparison.Ordinal)..];
        Assert.Contains("无法提取文字", row[..Math.Min(row.Length, 2000)]);
        Assert.Contains(reason, row[..Math.Min(row.Length, 2000)]);
    }

    [Fact]
    public async Task APdfWhosePageTreeNests100000LevelsIsQuarantinedWhileTheServerKeepsAnswering()
    {
        var (app, id, liaison, office) = await SetUpAsync(new ShifanApp("sqlite", FastWorker));
        await using var _ = app;
        using var dir = new TempDirectory();
        var path = dir.File("deep.pdf");
        await using (var fs = File.Create(path)) HostileFiles.WriteNestedPagesPdf(fs, 100_000);
        Assert.InRange(new FileInfo(path).Length, 5_000_000, 12_000_000);

        await using var watch = new ServerWatch(app.CreateClient());
        var uploaded = Stopwatch.StartNew();
        await UploadFileAsync(liaison, id, path, "层层嵌套.pdf");
        var version = await SettledAsync(app, "层层嵌套.pdf", TimeSpan.FromSeconds(2 * 20 + 20));
        var report = await watch.StopAsync();

        Assert.True(version.Quarantined, $"attempts {version.ExtractionAttempts}, failure {version.ExtractionFailure}");
        Assert.Null(version.ExtractedText);
        Assert.Contains("页面树嵌套超过", version.ExtractionFailure);
        Assert.InRange(version.ExtractionAttempts, 1, TextExtraction.MaxAttempts);
        report.AssertHealthy(uploaded.Elapsed);
        var item = Assert.Single((await office.GetFromJsonAsync<List<EvidenceView>>($"/api/campaigns/{id}/evidence"))!);
        Assert.Equal(version.ExtractionFailure, item.Versions[0].ExtractionFailure);
        await AssertQuarantinedOnThePageAsync(office, id, item.NodeId, "层层嵌套.pdf", "页面树嵌套超过");
    }

    [Fact]
    public async Task APdfThatOverflowsItsWorkersStackTwiceIsQuarantinedWhileTheServerKeepsAnswering()
    {
        // The page tree hidden in compressed object streams: no reader limit sees it, PdfPig recurses
        // 100,000 levels and the process dies of a stack overflow. It must be the worker that dies.
        var (app, id, liaison, office) = await SetUpAsync(new ShifanApp("sqlite", FastWorker));
        await using var _ = app;
        using var dir = new TempDirectory();
        var path = dir.File("hidden.pdf");
        await File.WriteAllBytesAsync(path, HostileFiles.NestedPagesPdfInObjectStreams(100_000), TestContext.Current.CancellationToken);

        await using var watch = new ServerWatch(app.CreateClient());
        var uploaded = Stopwatch.StartNew();
        await UploadFileAsync(liaison, id, path, "压缩嵌套.pdf");
        var version = await SettledAsync(app, "压缩嵌套.pdf", TimeSpan.FromSeconds(2 * 20 + 20));
        var report = await watch.StopAsync();

        Assert.True(version.Quarantined);
        Assert.Equal(TextExtraction.MaxAttempts, version.ExtractionAttempts);
        Assert.Contains("处理进程异常退出", version.ExtractionFailure);
        Assert.Contains($"已尝试 {TextExtraction.MaxAttempts} 次", version.ExtractionFailure);
        report.AssertHealthy(uploaded.Elapsed);
        var item = Assert.Single((await office.GetFromJsonAsync<List<EvidenceView>>($"/api/campaigns/{id}/evidence"))!);
        await AssertQuarantinedOnThePageAsync(office, id, item.NodeId, "压缩嵌套.pdf", "处理进程异常退出");
    }

    [Fact]
    public async Task AWorkbookThatOutgrowsTheWorkersMemoryCeilingTwiceIsQuarantined()
    {
        // Within every reader limit, but its tree needs far more than a 64 MB heap.
        var (app, id, liaison, _) = await SetUpAsync(new ShifanApp("sqlite", new Dictionary<string, string>
        {
            ["Shifan:Worker:TimeLimit"] = "00:00:20",
            ["Shifan:Worker:MemoryMB"] = "64",
        }));
        await using var _ = app;
        using var dir = new TempDirectory();
        var path = dir.File("wide.xlsx");
        await using (var fs = File.Create(path))
            Documents.Export.SimpleXlsxWriter.Write(fs, "台账", [.. Enumerable.Range(1, 20).Select(c => $"列{c}")],
                Enumerable.Range(1, 19_000).Select(r => (IReadOnlyList<string>)[.. Enumerable.Range(1, 20).Select(c => $"第{r}行第{c}列执法记录")]));

        await UploadFileAsync(liaison, id, path, "执法台账.xlsx");
        var version = await SettledAsync(app, "执法台账.xlsx", TimeSpan.FromSeconds(2 * 20 + 20));
        Assert.True(version.Quarantined, version.ExtractionFailure);
        Assert.Equal(TextExtraction.MaxAttempts, version.ExtractionAttempts);
        Assert.Contains("内存超过 64 MB 的上限", version.ExtractionFailure);
    }

    [Fact]
    public async Task ADocxHolding280MegabytesOfXmlIsQuarantinedAndTheServerStaysSmall()
    {
        var (app, id, liaison, office) = await SetUpAsync(new ShifanApp("sqlite", FastWorker));
        await using var _ = app;
        using var dir = new TempDirectory();
        var path = dir.File("huge.docx");
        await using (var fs = File.Create(path)) HostileFiles.WriteDocxWithHugeXml(fs, 280L * 1024 * 1024);
        Assert.InRange(new FileInfo(path).Length, 10L * 1024 * 1024, 60L * 1024 * 1024);

        await using var watch = new ServerWatch(app.CreateClient());
        var uploaded = Stopwatch.StartNew();
        await UploadFileAsync(liaison, id, path, "巨大文档.docx");
        var version = await SettledAsync(app, "巨大文档.docx", TimeSpan.FromSeconds(2 * 20 + 20));
        var report = await watch.StopAsync();

        Assert.True(version.Quarantined);
        Assert.Contains("word/document.xml 解压后", version.ExtractionFailure);
        report.AssertHealthy(uploaded.Elapsed);
        var item = Assert.Single((await office.GetFromJsonAsync<List<EvidenceView>>($"/api/campaigns/{id}/evidence"))!);
        await AssertQuarantinedOnThePageAsync(office, id, item.NodeId, "巨大文档.docx", "超过单个部件 64 MB 的上限");
    }

    [Fact]
    public async Task AFileWhoseWorkerTimesOutTwiceIsQuarantinedAndNotRetriedAfterARestart()
    {
        using var dir = new TempDirectory();
        var connection = Providers.NewConnectionString("sqlite", dir.Path);
        int id, nodeId;
        // A limit no worker can meet: every attempt is killed.
        await using (var first = new ShifanApp("sqlite", dir.Path, connection, new Dictionary<string, string> { ["Shifan:Worker:TimeLimit"] = "00:00:00.05" }))
        {
            (_, id, var liaison, var office) = await SetUpAsync(first);
            Assert.Equal(HttpStatusCode.Created, (await liaison.PostAsync(Url(id), Form(SmallDocx("公平竞争审查"), "审查台账.docx"))).StatusCode);
            var version = await SettledAsync(first, "审查台账.docx", TimeSpan.FromSeconds(60));
            Assert.True(version.Quarantined);
            Assert.Equal(TextExtraction.MaxAttempts, version.ExtractionAttempts);
            Assert.Contains("时间上限", version.ExtractionFailure);
            Assert.Contains($"已尝试 {TextExtraction.MaxAttempts} 次", version.ExtractionFailure);
            nodeId = (await office.GetFromJsonAsync<List<EvidenceView>>($"/api/campaigns/{id}/evidence"))![0].NodeId;
            await AssertQuarantinedOnThePageAsync(office, id, nodeId, "审查台账.docx", "时间上限");
        }

        // Restarted with workers that would succeed: the quarantined file is still not tried again.
        await using var second = new ShifanApp("sqlite", dir.Path, connection);
        _ = second.Services;
        await second.Services.GetRequiredService<TextExtraction>().RunPendingAsync(TestContext.Current.CancellationToken);
        var after = await VersionAsync(second, "审查台账.docx");
        Assert.True(after.Quarantined);
        Assert.Equal(TextExtraction.MaxAttempts, after.ExtractionAttempts);
        Assert.Null(after.ExtractedText);
        await AssertQuarantinedOnThePageAsync(await second.ApiClientAsync("office1"), id, nodeId, "审查台账.docx", "时间上限");
    }

    [Fact]
    public async Task AVersionLeftPendingAfterItsLastAttemptIsQuarantinedAtStartUpWithoutAThirdRun()
    {
        // The server died during the second attempt: the version is still pending with both attempts counted.
        var (app, id, liaison, office) = await SetUpAsync(new ShifanApp("sqlite", new Dictionary<string, string> { ["Shifan:TextExtraction"] = "off" }));
        await using var _ = app;
        Assert.Equal(HttpStatusCode.Created, (await liaison.PostAsync(Url(id), Form(SmallDocx("合法性审核"), "审核.docx"))).StatusCode);
        await app.WithDbAsync(db => db.EvidenceVersions.ExecuteUpdateAsync(s => s.SetProperty(v => v.ExtractionAttempts, TextExtraction.MaxAttempts)));

        await app.Services.GetRequiredService<TextExtraction>().RunPendingAsync(TestContext.Current.CancellationToken);
        var version = await VersionAsync(app, "审核.docx");
        Assert.True(version.Quarantined);
        Assert.Equal(TextExtraction.MaxAttempts, version.ExtractionAttempts);
        Assert.Equal(ExtractionTexts.Unfinished, version.ExtractionFailure);
        Assert.Null(version.ExtractedText);
    }

    [Fact]
    public async Task AnOrdinaryDocumentIsStillExtractedByTheWorker()
    {
        var (app, id, liaison, _) = await SetUpAsync(new ShifanApp("sqlite", new Dictionary<string, string> { ["Shifan:TextExtraction"] = "off" }));
        await using var _ = app;
        Assert.Equal(HttpStatusCode.Created, (await liaison.PostAsync(Url(id), Form(SmallDocx("行政执法公示"), "公示.docx"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await liaison.PostAsync(Url(id), Form(HostileFiles.NestedPagesPdf(3, "Law enforcement notice"), "notice.pdf"))).StatusCode);
        Assert.Equal(2, await app.Services.GetRequiredService<TextExtraction>().RunPendingAsync(TestContext.Current.CancellationToken));
        var docx = await VersionAsync(app, "公示.docx");
        Assert.Contains("行政执法公示", docx.ExtractedText);
        Assert.Equal(1, docx.ExtractionAttempts);
        Assert.Null(docx.ExtractionFailure);
        Assert.Contains("Law enforcement notice", (await VersionAsync(app, "notice.pdf")).ExtractedText);
        Assert.Single((await liaison.GetFromJsonAsync<List<EvidenceView>>($"/api/campaigns/{id}/evidence?q={Uri.EscapeDataString("行政执法公示")}"))!);
    }

    [Fact]
    public async Task AFrameworkImportOfAHostileDocxIsRefusedWithTheReasonAndTheServerStaysSmall()
    {
        await using var app = new ShifanApp("sqlite", FastWorker);
        var office = await app.OfficeClientAsync();
        var id = await app.DemoCampaignIdAsync();
        using var dir = new TempDirectory();
        var path = dir.File("huge.docx");
        await using (var fs = File.Create(path)) HostileFiles.WriteDocxWithHugeXml(fs, 280L * 1024 * 1024);

        await using var watch = new ServerWatch(app.CreateClient());
        var started = Stopwatch.StartNew();
        using var form = new MultipartFormDataContent();
        form.Add(new StreamContent(File.OpenRead(path)), "file", "任务分解表.docx");
        var response = await office.PostAsync($"/api/campaigns/{id}/framework/import", form);
        var report = await watch.StopAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("超过单个部件 64 MB 的上限", Regex.Unescape(await response.Content.ReadAsStringAsync()));
        report.AssertHealthy(started.Elapsed);

        // An ordinary task table still imports through the worker.
        using var table = new MemoryStream();
        Documents.Export.FrameworkDocxWriter.Write(new Documents.Frameworks.FrameworkFile
        {
            Title = "任务分解表",
            Nodes = [new Documents.Frameworks.NodeDto { Kind = "indicator", Code = "1", Title = "依法决策", Text = "健全依法决策机制。", Methods = ["材料查证"] }],
        }, table);
        using var good = new MultipartFormDataContent();
        good.Add(new ByteArrayContent(table.ToArray()), "file", "任务分解表.docx");
        var preview = await office.PostAsync($"/api/campaigns/{id}/framework/import", good);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("依法决策", (await preview.Content.ReadFromJsonAsync<JsonElement>()).GetRawText());
    }

    private static byte[] SmallDocx(string text)
    {
        using var docx = new MemoryStream();
        Documents.Export.FrameworkDocxWriter.Write(new Documents.Frameworks.FrameworkFile
        {
            Title = "制度",
            Nodes = [new Documents.Frameworks.NodeDto { Kind = "indicator", Code = "1", Title = "条目", Text = $"本单位开展{text}工作。" }],
        }, docx);
        return docx.ToArray();
    }

    /// <summary>
    /// Polls /healthz every 100 ms and samples this process's working set (the server runs in it), so a
    /// test can say the server answered throughout and did not balloon while a worker parsed the file.
    /// </summary>
    private sealed class ServerWatch : IAsyncDisposable
    {
        private readonly HttpClient client;
        private readonly CancellationTokenSource stop = new();
        private readonly Task<Report> polling;

        public ServerWatch(HttpClient client)
        {
            this.client = client;
            polling = Task.Run(PollAsync);
        }

        public sealed record Report(int Answers, int Failures, TimeSpan SlowestAnswer, long BaselineBytes, long PeakBytes)
        {
            public void AssertHealthy(TimeSpan elapsed)
            {
                TestContext.Current.TestOutputHelper?.WriteLine(
                    $"settled in {elapsed.TotalSeconds:0.0} s; /healthz {Answers} answers, {Failures} failures, slowest {SlowestAnswer.TotalMilliseconds:0} ms; server working set {BaselineBytes / 1048576} MB -> peak {PeakBytes / 1048576} MB");
                Assert.True(Failures == 0, $"/healthz failed {Failures} times");
                Assert.True(Answers >= Math.Max(1, (int)(elapsed.TotalSeconds * 2)), $"/healthz answered {Answers} times in {elapsed}");
                Assert.True(SlowestAnswer < TimeSpan.FromSeconds(5), $"slowest /healthz took {SlowestAnswer}");
                // Measured 4.5 GB before the worker; the server's own share of an upload is a few buffers.
                Assert.True(PeakBytes - BaselineBytes < 700L * 1024 * 1024, $"server grew from {BaselineBytes / 1048576} MB to {PeakBytes / 1048576} MB");
            }
        }

        private async Task<Report> PollAsync()
        {
            var self = Process.GetCurrentProcess();
            var baseline = self.WorkingSet64;
            var peak = baseline;
            int answers = 0, failures = 0;
            var slowest = TimeSpan.Zero;
            while (!stop.IsCancellationRequested)
            {
                var watch = Stopwatch.StartNew();
                try
                {
                    using var response = await client.GetAsync("/healthz", CancellationToken.None);
                    if (response.IsSuccessStatusCode) answers++;
                    else failures++;
                }
                catch (HttpRequestException)
                {
                    failures++;
                }
                if (watch.Elapsed > slowest) slowest = watch.Elapsed;
                self.Refresh();
                peak = Math.Max(peak, self.WorkingSet64);
                try { await Task.Delay(100, stop.Token); }
                catch (OperationCanceledException) { }
            }
            return new Report(answers, failures, slowest, baseline, peak);
        }

        public async Task<Report> StopAsync()
        {
            await stop.CancelAsync();
            return await polling;
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            try { await polling; }
            catch (Exception) { }
            stop.Dispose();
            client.Dispose();
        }
    }
}
