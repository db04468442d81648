using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Shifan.Core.Assignments;
using Shifan.Core.Evidence;
using Shifan.Core.Frameworks;
using Shifan.Core.Reviews;
using Shifan.Core.Units;

/// <summary>
/// The review queue and 我的待办 under load: a campaign of ~100 indicators, 60 units and 20,000 evidence
/// items with their review states, the app started as its own process (Release build), and 50
/// clients from this process asking at once. Reported as p50/p95 with the ratio to /healthz measured
/// the same way in the same run.
///   dotnet build -c Release src/Shifan && dotnet run -c Release --project bench/Shifan.Bench -- review-load [ITEMS] [CLIENTS] [REQUESTS-EACH]
/// </summary>
internal static class ReviewLoadBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var numbers = args.Where(a => int.TryParse(a, out _)).Select(int.Parse).ToList();
        var items = numbers.Count > 0 ? numbers[0] : 20_000;
        var clients = numbers.Count > 1 ? numbers[1] : 50;
        var each = numbers.Count > 2 ? numbers[2] : 20;
        // `--sql-log FILE`: the app logs every SQL statement with its duration to FILE (run with 1 client to read one request's queries).
        var sqlLogAt = Array.IndexOf(args, "--sql-log");
        sqlLog = sqlLogAt >= 0 && sqlLogAt + 1 < args.Length ? Path.GetFullPath(args[sqlLogAt + 1]) : null;
        if (BenchApp.ReleaseDll() is not { } dll) return 2;
        var data = Path.Combine(Path.GetTempPath(), "shifan-bench", "review-load");
        if (Directory.Exists(data)) Directory.Delete(data, true);
        Directory.CreateDirectory(data);
        var database = Shifan.Infrastructure.Persistence.Database.SqliteConnectionString(data);
        var target = $"--data {data} --database \"{database}\"";
        var port = Shifan.TestSupport.PostgresServer.FreePort();

        // First start seeds the demo campaign; then the campaign is grown to the measured size while the app is down.
        await RunAppAsync(dll, target, port, async _ => { await Task.CompletedTask; });
        var sw = Stopwatch.StartNew();
        var (liaisonUnit, officeUnit) = await GrowAsync(database, items);
        var (periodId, liaisonUnitId) = await LedgerTargetAsync(database, liaisonUnit);
        Console.WriteLine($"data: {items} evidence items generated in {sw.Elapsed.TotalSeconds:F0} s");
        await BenchApp.AddUserAsync(dll, $"benchoffice --role office --unit {officeUnit}", target);
        await BenchApp.AddUserAsync(dll, $"benchliaison --role liaison --unit {liaisonUnit}", target);

        return await RunAppAsync(dll, target, port, async baseAddress =>
        {
            var office = await BenchApp.TokenAsync(baseAddress, "benchoffice");
            var liaison = await BenchApp.TokenAsync(baseAddress, "benchliaison");
            var targets = new (string Name, string Path, string Token)[]
            {
                ("/healthz (baseline)", "/healthz", office),
                ("review queue, office (API)", "/api/campaigns/1/reviews/queue", office),
                ("review queue page, office", "/campaigns/1/review", office),
                ("我的待办, liaison (API)", "/api/me/work", liaison),
                ("home page with 我的待办, liaison", "/", liaison),
                ("我的待办, office (API)", "/api/me/work", office),
                ("ledger pre-fill of the liaison's unit (API)", $"/api/campaigns/1/ledgers/periods/{periodId}/units/{liaisonUnitId}", liaison),
            };
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; sqlite; app and {clients} clients on 127.0.0.1, {each} requests each");
            Console.WriteLine("| request | requests | errors | p50 ms | p95 ms | p95 / healthz p95 |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|");
            double? baseline = null;
            var failed = false;
            foreach (var (name, path, token) in targets)
            {
                var (times, errors) = await LoadAsync(baseAddress, path, token, clients, each);
                var p95 = P(times, 0.95);
                baseline ??= p95;
                Console.WriteLine($"| {name} | {times.Count} | {errors} | {P(times, 0.5):F1} | {p95:F1} | {p95 / baseline.Value:F1}× |");
                failed |= errors > 0;
            }
            // The consolidated ledger of every unit, one office user at a time (it is a download, not a page).
            var (consolidated, consolidatedErrors) = await LoadAsync(baseAddress, $"/api/campaigns/1/ledgers/periods/{periodId}/export", office, 1, 10);
            var units = await CountUnitsAsync(database);
            Console.WriteLine($"| consolidated ledger xlsx, {units} units, 1 client | {consolidated.Count} | {consolidatedErrors} | {P(consolidated, 0.5):F1} | {P(consolidated, 0.95):F1} | {P(consolidated, 0.95) / baseline!.Value:F1}× |");
            failed |= !await WrkAsync(baseAddress, targets, clients);
            return failed || consolidatedErrors > 0 ? 1 : 0;
        });
    }

    /// <summary>
    /// The same requests driven by wrk (C, one thread) when it is installed (`apt-get install wrk`): the
    /// .NET clients above spend much of the two cores themselves, wrk far less, so these figures are nearer
    /// what the server alone costs. 10 s per request, the p95 read from wrk's own histogram.
    /// </summary>
    private static async Task<bool> WrkAsync(Uri baseAddress, (string Name, string Path, string Token)[] targets, int clients)
    {
        if (!File.Exists("/usr/bin/wrk")) { Console.WriteLine("(wrk not installed: the wrk table is skipped)"); return true; }
        var script = Path.Combine(Path.GetTempPath(), "shifan-bench-p95.lua");
        await File.WriteAllTextAsync(script, """
            done = function(summary, latency, requests)
              io.write(string.format("RESULT %d %d %.1f %.1f\n", summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout,
                latency:percentile(50) / 1000, latency:percentile(95) / 1000))
            end
            """);
        Console.WriteLine();
        Console.WriteLine($"wrk -t1 -c{clients} -d10s, same server, same run:");
        Console.WriteLine("| request | requests | non-2xx or errors | p50 ms | p95 ms | p95 / healthz p95 |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        double? baseline = null;
        var ok = true;
        foreach (var (name, path, token) in targets)
        {
            var psi = new ProcessStartInfo("wrk", ["-t1", $"-c{clients}", "-d10s", "--timeout", "30s", "-s", script, "-H", $"Authorization: Bearer {token}", new Uri(baseAddress, path).ToString()])
                { RedirectStandardOutput = true, RedirectStandardError = true };
            using var wrk = Process.Start(psi)!;
            var output = await wrk.StandardOutput.ReadToEndAsync();
            await wrk.WaitForExitAsync();
            var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
            if (line is null) { Console.WriteLine($"| {name} | wrk failed: {output.Trim()} |"); ok = false; continue; }
            var f = line.Split(' ');
            var p95 = double.Parse(f[4], System.Globalization.CultureInfo.InvariantCulture);
            baseline ??= p95;
            Console.WriteLine($"| {name} | {f[1]} | {f[2]} | {f[3]} | {f[4]} | {p95 / baseline.Value:F1}× |");
            ok &= f[2] == "0";
        }
        return ok;
    }

    /// <summary>The period whose ledgers are filled in now (the last one that has begun), and the measured liaison's unit.</summary>
    private static async Task<(int PeriodId, int UnitId)> LedgerTargetAsync(string database, string unitName)
    {
        await using var db = Shifan.Infrastructure.Persistence.Database.Create(database);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var period = await db.LedgerPeriods.Where(p => p.StartsOn <= today).OrderByDescending(p => p.StartsOn).Select(p => p.Id).FirstAsync();
        return (period, await db.Units.Where(u => u.Name == unitName).Select(u => u.Id).FirstAsync());
    }

    private static async Task<int> CountUnitsAsync(string database)
    {
        await using var db = Shifan.Infrastructure.Persistence.Database.Create(database);
        return await db.Units.CountAsync(u => db.Assignments.Any(a => a.UnitId == u.Id));
    }

    private static async Task<(List<double> Times, int Errors)> LoadAsync(Uri baseAddress, string path, string token, int clients, int each)
    {
        var errors = 0;
        var http = Enumerable.Range(0, clients).Select(_ => new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 })
        {
            BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2), DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
        }).ToList();
        // Warm-up: one round, not counted.
        await Task.WhenAll(http.Select(h => h.GetAsync(path)));
        var times = (await Task.WhenAll(http.Select(async h =>
        {
            var list = new List<double>();
            for (var i = 0; i < each; i++)
            {
                var sw = Stopwatch.StartNew();
                var response = await h.GetAsync(path);
                var body = await response.Content.ReadAsByteArrayAsync();
                list.Add(sw.Elapsed.TotalMilliseconds);
                if (!response.IsSuccessStatusCode && Interlocked.Increment(ref errors) == 1)
                    Console.Error.WriteLine($"{path}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(300, body.Length)))}");
            }
            return list;
        }))).SelectMany(t => t).ToList();
        foreach (var h in http) h.Dispose();
        return (times, errors);
    }

    /// <summary>Grows the demo campaign to 60 units and the given number of evidence items, with review states as a campaign mid-way has them.</summary>
    private static async Task<(string LiaisonUnit, string OfficeUnit)> GrowAsync(string database, int items)
    {
        await using var db = Shifan.Infrastructure.Persistence.Database.Create(database);
        var campaign = await db.Campaigns.FirstAsync();
        var office = await db.Units.FirstAsync(u => u.CampaignId == campaign.Id && u.Kind == UnitKind.Office);
        var units = await db.Units.Where(u => u.CampaignId == campaign.Id && u.Id != office.Id).ToListAsync();
        for (var i = units.Count; i < 59; i++)
        {
            var unit = new Unit { CampaignId = campaign.Id, Name = $"测试单位{i:D2}", ParentId = office.Id, SortOrder = 100 + i };
            db.Units.Add(unit);
            units.Add(unit);
        }
        await db.SaveChangesAsync();
        var nodes = await db.FrameworkNodes.Include(n => n.Materials)
            .Where(n => n.FrameworkId == campaign.FrameworkId && n.Kind == NodeKind.Indicator && n.Materials.Count > 0).OrderBy(n => n.Id).ToListAsync();
        // Every unit holds some indicators as a responsible unit, so material spreads over all of them.
        var assigned = (await db.Assignments.Where(a => a.CampaignId == campaign.Id).Select(a => new { a.NodeId, a.UnitId }).ToListAsync()).Select(a => (a.NodeId, a.UnitId)).ToHashSet();
        for (var i = 0; i < units.Count; i++)
            foreach (var node in nodes.Where((_, n) => n % units.Count == i || (n * 7 + 3) % units.Count == i))
                if (assigned.Add((node.Id, units[i].Id)))
                    db.Assignments.Add(new Assignment { CampaignId = campaign.Id, NodeId = node.Id, UnitId = units[i].Id, Role = AssignmentRole.Responsible });
        await db.SaveChangesAsync();
        var holders = (await db.Assignments.Where(a => a.CampaignId == campaign.Id).Select(a => new { a.NodeId, a.UnitId }).ToListAsync())
            .GroupBy(a => a.NodeId).ToDictionary(g => g.Key, g => g.Select(a => a.UnitId).ToList());
        var random = new Random(7);
        var reviews = new Dictionary<(int, int), RequirementReview>();
        var now = DateTimeOffset.UtcNow;
        var text = new StringBuilder().Insert(0, "本单位按照工作方案推进法治政府建设示范创建。", 8).ToString();
        for (var n = 0; n < items; n++)
        {
            var node = nodes[random.Next(nodes.Count)];
            if (!holders.TryGetValue(node.Id, out var unitIds) && !holders.TryGetValue(node.ParentId ?? 0, out unitIds)) continue;
            var unitId = unitIds[random.Next(unitIds.Count)];
            var requirement = node.Materials[random.Next(node.Materials.Count)];
            var item = new EvidenceItem
            {
                CampaignId = campaign.Id, NodeId = node.Id, UnitId = unitId, Title = $"材料{n}", Kind = EvidenceKind.Explanation, Text = text + n,
                Year = 2024, UploadedBy = "bench", UploadedAt = now,
            };
            item.Links.Add(new EvidenceLink { MaterialRequirementId = requirement.Id });
            db.EvidenceItems.Add(item);
            if (!reviews.ContainsKey((requirement.Id, unitId)))
            {
                var state = (ReviewState)random.Next(5);
                var review = new RequirementReview
                {
                    CampaignId = campaign.Id, NodeId = node.Id, MaterialRequirementId = requirement.Id, UnitId = unitId, State = state, UpdatedAt = now,
                    NeedsLeadReview = random.Next(3) == 0, ReturnReason = state == ReviewState.Returned ? "数量不足" : null,
                };
                review.Rounds.Add(new ReviewRound { Action = ReviewAction.Submit, Actor = "bench", At = now });
                reviews[(requirement.Id, unitId)] = review;
                db.RequirementReviews.Add(review);
            }
            if (n % 2000 == 1999) { await db.SaveChangesAsync(); db.ChangeTracker.Clear(); }
        }
        await db.SaveChangesAsync();
        // The liaison measured is of the unit with the most review items.
        var busiest = reviews.Keys.GroupBy(k => k.Item2).OrderByDescending(g => g.Count()).First().Key;
        return (await db.Units.Where(u => u.Id == busiest).Select(u => u.Name).FirstAsync(), office.Name);
    }

    private static async Task<int> RunAppAsync(string dll, string target, int port, Func<Uri, Task> work) =>
        await RunAppAsync(dll, target, port, async uri => { await work(uri); return 0; });

    private static string? sqlLog;

    private static async Task<int> RunAppAsync(string dll, string target, int port, Func<Uri, Task<int>> work)
    {
        // The last start (the measured one) overwrites what the seeding start logged.
        await using var app = await BenchApp.StartAsync(dll, target, port, sqlLog);
        return await work(app.BaseAddress);
    }

    private static double P(List<double> values, double q)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * q))];
    }
}
