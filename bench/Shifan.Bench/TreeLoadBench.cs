using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Shifan.Core.Evidence;
using Shifan.Core.Frameworks;
using Shifan.Core.Units;

/// <summary>
/// Issue 14: the indicator tree page (completeness per indicator), the evidence checks API and a search for a word
/// most material contains (法治政府), as the campaign's evidence grows. For each size a fresh SQLite data folder:
/// the app's first start seeds the demo campaign, then the campaign gets that many evidence items (bulk inserted,
/// spread over its indicators, units and requirements; 情况说明 and files with a version; 300 of them at every size
/// with something the checks report; extracted text in the search index), and wrk asks at once. /healthz
/// is measured in the same run as the baseline.
///   dotnet build -c Release src/Shifan && dotnet build -c Release bench/Shifan.Bench
///   dotnet bench/Shifan.Bench/bin/Release/net10.0/Shifan.Bench.dll tree-load [--sizes 0,5000,50000] [--clients 20] [--duration 10] [--requests tree,checks,search-api,search-page]
/// </summary>
internal static class TreeLoadBench
{
    private const string Word = "法治政府";

    /// <summary>Items with something for the checks to report, at every size.</summary>
    private const int ProblemItems = 300;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        var sizes = options.Get("sizes", "0,5000,50000").Split(',').Select(int.Parse).ToList();
        var clients = options.Int("clients", 20);
        var seconds = options.Int("duration", 10);
        // --requests tree,checks,search-api,search-page: only those (and /healthz).
        var only = options.Get("requests")?.Split(',').ToHashSet();
        if (BenchApp.ReleaseDll() is not { } dll || BenchApp.Wrk() is not { } wrk) return 2;
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; sqlite; app and wrk on 127.0.0.1; wrk -t2 -c{clients} -d{seconds}s --timeout 30s (after 3 s of warm-up)");
        var failed = false;
        var rows = new List<string>();
        foreach (var size in sizes)
        {
            var data = Path.Combine(Path.GetTempPath(), "shifan-bench", $"tree-load-{size}");
            if (Directory.Exists(data)) Directory.Delete(data, true);
            Directory.CreateDirectory(data);
            var database = Shifan.Infrastructure.Persistence.Database.SqliteConnectionString(data);
            var target = $"--data {data} --database \"{database}\"";
            var port = Shifan.TestSupport.PostgresServer.FreePort();
            // The first start migrates and seeds the demo campaign; the campaign is grown while the app is down.
            await (await BenchApp.StartAsync(dll, target, port)).DisposeAsync();
            var sw = Stopwatch.StartNew();
            var (campaignId, officeUnit, total) = await FillAsync(database, size);
            Console.WriteLine();
            Console.WriteLine($"size {size}: {total} evidence items in campaign {campaignId} (the demo's and {size} added in {sw.Elapsed.TotalSeconds:F0} s)");
            await BenchApp.AddUserAsync(dll, $"benchoffice --role office --unit {officeUnit}", target);

            await using var app = await BenchApp.StartAsync(dll, target, port);
            var token = "Bearer " + await BenchApp.TokenAsync(app.BaseAddress, "benchoffice");
            var cookie = await BenchApp.CookieAsync(app.BaseAddress, "benchoffice");
            var search = Uri.EscapeDataString(Word);
            (string Name, string Path, string Header, string Value)[] targets = new (string Name, string Path, string Header, string Value)[]
            {
                ("/healthz (baseline)", "/healthz", "", ""),
                ("indicator tree page", $"/campaigns/{campaignId}/indicators", "Cookie", cookie),
                ("evidence checks API", $"/api/campaigns/{campaignId}/evidence/checks", "Authorization", token),
                ($"search API q={Word}", $"/api/campaigns/{campaignId}/evidence?q={search}", "Authorization", token),
                ($"search page q={Word}", $"/campaigns/{campaignId}/evidence?q={search}", "Cookie", cookie),
            };
            targets = [.. targets.Where((t, i) => i == 0 || only is null || only.Contains(Keys[i - 1]))];
            await CheckAnswersAsync(app.BaseAddress, targets);
            Console.WriteLine($"load average before: {BenchApp.LoadAverage()}");
            Console.WriteLine("| evidence items | request | requests | non-200 | p50 ms | p95 ms | p50 / healthz p50 | p95 / healthz p95 |");
            Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|");
            BenchApp.WrkResult? baseline = null;
            foreach (var t in targets)
            {
                await BenchApp.WrkAsync(wrk, app.BaseAddress, t.Path, null, t.Header, t.Value, clients, 3);
                var r = await BenchApp.WrkAsync(wrk, app.BaseAddress, t.Path, null, t.Header, t.Value, clients, seconds);
                baseline ??= r;
                var row = r.Requests == 0
                    ? $"| {total:N0} | {t.Name} | 0 | – | none answered within the {seconds} s run | | | |"
                    : $"| {total:N0} | {t.Name} | {r.Requests} | {r.Non200}{(r.FirstBad != "" ? $" (first: {r.FirstBad})" : "")} | {r.P50:F1} | {r.P95:F1} | {r.P50 / baseline.P50:F1}× | {r.P95 / baseline.P95:F1}× |";
                Console.WriteLine(row);
                rows.Add(row);
                failed |= r.Non200 > 0 || r.SocketErrors > 0 || r.Requests == 0;
            }
            Console.WriteLine($"load average after: {BenchApp.LoadAverage()}");
        }
        Console.WriteLine();
        Console.WriteLine("all sizes:");
        Console.WriteLine("| evidence items | request | requests | non-200 | p50 ms | p95 ms | p50 / healthz p50 | p95 / healthz p95 |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows) Console.WriteLine(row);
        return failed ? 1 : 0;
    }

    /// <summary>Every target answers 200 with real content before it is measured; what it answered is printed.</summary>
    private static async Task CheckAnswersAsync(Uri baseAddress, (string Name, string Path, string Header, string Value)[] targets)
    {
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
        foreach (var t in targets)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, t.Path);
            if (t.Header != "") request.Headers.TryAddWithoutValidation(t.Header, t.Value);
            var sw = Stopwatch.StartNew();
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{t.Path}: {(int)response.StatusCode} {body[..Math.Min(300, body.Length)]}");
            var what = $"{body.Length:N0} characters";
            if (t.Path.Contains("/api/") && t.Path.Contains("checks"))
            {
                var checks = JsonSerializer.Deserialize<JsonElement>(body);
                var findings = checks.EnumerateArray().Sum(c => c.GetProperty("requirements").EnumerateArray().Sum(r => r.GetProperty("findings").GetArrayLength()));
                what += $", {checks.GetArrayLength()} indicators, {findings} findings";
            }
            else if (t.Path.Contains("/api/"))
                what += $", {JsonSerializer.Deserialize<JsonElement>(body).GetArrayLength()} rows" +
                    (response.Headers.TryGetValues("X-Total-Count", out var totals) ? $" of {string.Join("", totals)}" : "");
            else if (t.Path != "/healthz" && !body.Contains("佐证材料") && !body.Contains("指标体系")) throw new InvalidOperationException($"{t.Path} is not the expected page");
            Console.WriteLine($"check: {t.Name}: 200, {what}, first request {sw.ElapsedMilliseconds} ms");
        }
    }

    private static readonly string[] Keys = ["tree", "checks", "search-api", "search-page"];

    private static readonly string[] Sentences =
    [
        "本单位按照{0}建设实施纲要的要求推进各项工作。", "重大行政决策严格履行公众参与、专家论证、风险评估、合法性审查和集体讨论决定程序。",
        "行政执法“三项制度”全面落实，执法全过程记录覆盖率达到百分之百。", "年度{0}建设情况报告按时向社会公开。",
        "领导干部应知应会法律法规清单已印发，学法用法考试参考率百分之百。", "行政复议案件纠错率、行政诉讼败诉率逐年下降。",
        "规范性文件全部经过合法性审核，备案审查实现全覆盖。", "政务公开平台集中发布法定主动公开内容。",
    ];

    /// <summary>Adds <paramref name="size"/> evidence items to the demo campaign; returns the campaign, its office unit and how many items it has.</summary>
    private static async Task<(int CampaignId, string OfficeUnit, int Total)> FillAsync(string database, int size)
    {
        await using var db = Shifan.Infrastructure.Persistence.Database.Create(database);
        var campaign = await db.Campaigns.OrderBy(c => c.Id).FirstAsync();
        var office = await db.Units.Where(u => u.CampaignId == campaign.Id && u.Kind == UnitKind.Office).Select(u => u.Name).FirstAsync();
        var nodes = await db.FrameworkNodes.AsNoTracking().Include(n => n.Materials)
            .Where(n => n.FrameworkId == campaign.FrameworkId && n.Materials.Count > 0).OrderBy(n => n.Id).ToListAsync();
        var holders = (await db.Assignments.Where(a => a.CampaignId == campaign.Id).Select(a => new { a.NodeId, a.UnitId }).ToListAsync())
            .GroupBy(a => a.NodeId).ToDictionary(g => g.Key, g => g.Select(a => a.UnitId).Distinct().ToList());
        var anyUnit = await db.Units.Where(u => u.CampaignId == campaign.Id).Select(u => u.Id).ToListAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        var bulk = new BulkInsert(db);
        var next = await bulk.NextIdsAsync(typeof(EvidenceItem), typeof(EvidenceLink), typeof(EvidenceVersion));
        var random = new Random(14);
        var now = DateTimeOffset.UtcNow;
        var items = new List<EvidenceItem>();
        var links = new List<EvidenceLink>();
        var versions = new List<EvidenceVersion>();
        var texts = new List<(int Id, string Content)>();
        var problems = new HashSet<int>();
        while (problems.Count < Math.Min(size, ProblemItems)) problems.Add(random.Next(size));
        for (var n = 0; n < size; n++)
        {
            var node = nodes[random.Next(nodes.Count)];
            var units = holders.GetValueOrDefault(node.Id) ?? holders.GetValueOrDefault(node.ParentId ?? 0) ?? anyUnit;
            var requirement = node.Materials[random.Next(node.Materials.Count)];
            var id = next[typeof(EvidenceItem)]++;
            // A fixed number of items (not a share) have something the checks report, so every size asks for answers of
            // about the same length: older than wanted, a web address without its screenshot, a file whose content does
            // not match its extension. The rest are 情况说明 and PDF files.
            var problem = problems.Contains(n) ? 1 + n % 3 : 0;
            var item = new EvidenceItem
            {
                Id = id, CampaignId = campaign.Id, NodeId = node.Id, UnitId = units[random.Next(units.Count)], Title = $"材料{n}：{node.Code}的佐证",
                Kind = problem == 2 ? EvidenceKind.Screenshot : random.Next(100) < 55 ? EvidenceKind.Explanation : EvidenceKind.File,
                Year = problem == 1 ? 2015 : 2024 + random.Next(2), UploadedBy = "bench", UploadedAt = now.AddMinutes(-random.Next(100_000)),
            };
            if (item.Kind == EvidenceKind.Explanation) item.Text = $"{node.Code}：" + string.Format(Sentences[random.Next(Sentences.Length)], Word) + n;
            if (item.Kind == EvidenceKind.Screenshot) item.SourceUrl = $"https://www.example.gov.cn/{n}.html";
            if (item.Kind == EvidenceKind.File)
                versions.Add(new EvidenceVersion
                {
                    Id = next[typeof(EvidenceVersion)]++, EvidenceItemId = id, VersionNo = 1, Sha256 = Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(n))),
                    Size = 100_000 + random.Next(1_000_000), FileName = $"材料{n}.{(problem == 3 ? "docx" : "pdf")}", DetectedType = "pdf", UploadedBy = "bench", UploadedAt = item.UploadedAt,
                });
            items.Add(item);
            links.Add(new EvidenceLink { Id = next[typeof(EvidenceLink)]++, EvidenceItemId = id, MaterialRequirementId = requirement.Id });
            // The search row: title, text and extracted text; nine items in ten mention the common word.
            var content = new StringBuilder(item.Title).Append(' ').Append(item.Text);
            for (var s = 0; s < 6; s++) content.Append(string.Format(Sentences[random.Next(Sentences.Length)], random.Next(10) == 0 ? "依法行政" : Word));
            texts.Add((id, content.ToString()));
            if (items.Count == 5000) await FlushAsync();
        }
        await FlushAsync();
        await tx.CommitAsync();
        var total = await db.EvidenceItems.CountAsync(i => i.CampaignId == campaign.Id);
        return (campaign.Id, office, total);

        async Task FlushAsync()
        {
            await bulk.InsertAsync(items);
            await bulk.InsertAsync(links);
            await bulk.InsertAsync(versions);
            var connection = db.Database.GetDbConnection();
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = "INSERT INTO EvidenceSearch(rowid, Content) VALUES ($id, $content)";
            var idParameter = command.CreateParameter();
            idParameter.ParameterName = "$id";
            var contentParameter = command.CreateParameter();
            contentParameter.ParameterName = "$content";
            command.Parameters.Add(idParameter);
            command.Parameters.Add(contentParameter);
            foreach (var (id, content) in texts)
            {
                idParameter.Value = id;
                contentParameter.Value = content;
                await command.ExecuteNonQueryAsync();
            }
            items.Clear();
            links.Clear();
            versions.Clear();
            texts.Clear();
        }
    }
}
