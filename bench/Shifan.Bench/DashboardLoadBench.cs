using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

/// <summary>
/// The 督导看板 at a province's scale: a fresh database (SQLite, or a throwaway PostgreSQL cluster) filled by
/// <see cref="DataGenerator"/>, the app started as its own process (Release build) on 127.0.0.1, and wrk asking at
/// once: one campaign's dashboard (API and page) as its county office, every campaign's dashboard in turn as the
/// province office, and the province overview. /healthz (one database round trip) is measured in the same run as
/// the baseline. Every answer that is not 200 is counted and reported.
///   dotnet build -c Release src/Shifan && dotnet build -c Release bench/Shifan.Bench
///   dotnet bench/Shifan.Bench/bin/Release/net10.0/Shifan.Bench.dll dashboard-load --campaigns 100 --database sqlite|postgres
/// </summary>
internal static class DashboardLoadBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        var provider = options.Get("database", "sqlite");
        var clients = options.Int("clients", 50);
        var overviewClients = options.Int("overview-clients", 10);
        var seconds = options.Int("duration", 20);
        var runs = options.Int("runs", 1);
        if (BenchApp.ReleaseDll() is not { } dll || BenchApp.Wrk() is not { } wrk) return 2;

        var data = Path.Combine(Path.GetTempPath(), "shifan-bench", "dashboard-" + provider);
        if (Directory.Exists(data)) Directory.Delete(data, true);
        Directory.CreateDirectory(data);
        var database = provider == "postgres"
            ? Shifan.TestSupport.PostgresServer.Require().NewDatabase()
            : Shifan.Infrastructure.Persistence.Database.SqliteConnectionString(data);
        var generated = await DataGenerator.GenerateAsync(database, options.Generator(), Console.Out);
        Console.WriteLine($"data: {generated.CampaignIds.Count} campaigns, {generated.Rows} rows in {generated.Elapsed.TotalSeconds:F0} s ({provider})");
        // The tests' throwaway cluster hands out connection strings without pooling; a server in use pools its connections.
        var target = $"--data {data} --database \"{database.Replace("Pooling=false", "Pooling=true")}\"";
        var campaign = generated.CampaignIds[generated.CampaignIds.Count / 2];
        await BenchApp.AddUserAsync(dll, $"benchprovince --role office --organisation {generated.ProvinceId}", target);
        await BenchApp.AddUserAsync(dll, $"benchcounty --role office --unit {generated.OfficeUnitName} --campaign {campaign}", target);

        var port = Shifan.TestSupport.PostgresServer.FreePort();
        await using var app = await BenchApp.StartAsync(dll, target, port);
        var baseAddress = app.BaseAddress;
        {
            var provinceToken = await BenchApp.TokenAsync(baseAddress, "benchprovince");
            var countyToken = await BenchApp.TokenAsync(baseAddress, "benchcounty");
            var provinceCookie = await BenchApp.CookieAsync(baseAddress, "benchprovince");
            var countyCookie = await BenchApp.CookieAsync(baseAddress, "benchcounty");
            var everyDashboard = string.Join(",", generated.CampaignIds.Select(id => $"/api/campaigns/{id}/dashboard"));
            var targets = new (string Name, string Path, string? Paths, string Header, string Value, int Clients)[]
            {
                ("/healthz (baseline)", "/healthz", null, "", "", clients),
                ("one campaign's dashboard, API, its county office", $"/api/campaigns/{campaign}/dashboard", null, "Authorization", "Bearer " + countyToken, clients),
                ("one campaign's dashboard, page, its county office", $"/campaigns/{campaign}/dashboard", null, "Cookie", countyCookie, clients),
                ($"every campaign's dashboard in turn ({generated.CampaignIds.Count}), API, province office", $"/api/campaigns/{campaign}/dashboard", everyDashboard, "Authorization", "Bearer " + provinceToken, clients),
                ($"province overview ({generated.CampaignIds.Count} campaigns), API", "/api/dashboard/overview", null, "Authorization", "Bearer " + provinceToken, overviewClients),
                ($"province overview ({generated.CampaignIds.Count} campaigns), page", "/dashboard/overview", null, "Cookie", provinceCookie, overviewClients),
                ($"province overview ({generated.CampaignIds.Count} campaigns), API, {clients} clients", "/api/dashboard/overview", null, "Authorization", "Bearer " + provinceToken, clients),
            };

            // Each target answers 200 with real content before it is measured (a bench of refusals is worthless), and is warmed up.
            using (var check = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) })
                foreach (var t in targets)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, t.Path);
                    if (t.Header != "") request.Headers.TryAddWithoutValidation(t.Header, t.Value);
                    var sw = Stopwatch.StartNew();
                    using var response = await check.SendAsync(request);
                    var body = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{t.Path}: {(int)response.StatusCode} {body[..Math.Min(300, body.Length)]}");
                    if (t.Path == "/api/dashboard/overview")
                    {
                        var rows = JsonSerializer.Deserialize<JsonElement>(body).GetArrayLength();
                        Console.WriteLine($"check: the overview lists {rows} campaigns ({sw.ElapsedMilliseconds} ms for the first request)");
                        if (rows < generated.CampaignIds.Count) throw new InvalidOperationException($"the overview lists {rows} campaigns, expected at least {generated.CampaignIds.Count}");
                    }
                    if (t.Path.StartsWith("/campaigns/") && !body.Contains("督导看板")) throw new InvalidOperationException($"{t.Path} is not the dashboard page");
                }

            var cpu = Environment.ProcessorCount;
            Console.WriteLine($"machine: {cpu} cores, {Environment.OSVersion}, .NET {Environment.Version}; {provider}; app and wrk on 127.0.0.1; wrk -t2 -d{seconds}s --timeout 30s");
            var failed = false;
            for (var run = 1; run <= runs; run++)
            {
                Console.WriteLine();
                Console.WriteLine($"run {run} of {runs}, load average before: {BenchApp.LoadAverage()}");
                Console.WriteLine("| request | clients | requests | non-200 | socket errors | p50 ms | p95 ms | p99 ms | p95 / healthz p95 |");
                Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
                double? baseline = null;
                foreach (var t in targets)
                {
                    // A short warm-up at the same concurrency, not counted.
                    await BenchApp.WrkAsync(wrk, baseAddress, t.Path, t.Paths, t.Header, t.Value, t.Clients, 3);
                    var r = await BenchApp.WrkAsync(wrk, baseAddress, t.Path, t.Paths, t.Header, t.Value, t.Clients, seconds);
                    baseline ??= r.P95;
                    Console.WriteLine($"| {t.Name} | {t.Clients} | {r.Requests}{(r.Requests == 0 ? " (none answered within the run)" : "")} | {r.Non200}{(r.FirstBad != "" ? $" (first: {r.FirstBad})" : "")} | {r.SocketErrors} | {r.P50:F1} | {r.P95:F1} | {r.P99:F1} | {r.P95 / baseline.Value:F1}× |");
                    // No answer within the run is a failure too (wrk counts only requests that completed).
                    failed |= r.Non200 > 0 || r.SocketErrors > 0 || r.Requests == 0;
                }
                Console.WriteLine($"load average after: {BenchApp.LoadAverage()}");
            }
            return failed ? 1 : 0;
        }
    }
}
