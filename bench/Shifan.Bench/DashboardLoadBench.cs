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
    private const string Password = "Bench-Passw0rd";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        var provider = options.Get("database", "sqlite");
        var clients = options.Int("clients", 50);
        var overviewClients = options.Int("overview-clients", 10);
        var seconds = options.Int("duration", 20);
        var runs = options.Int("runs", 1);
        var dll = Path.Combine(Paths.Root, "src", "Shifan", "bin", "Release", "net10.0", "shifan.dll");
        if (!File.Exists(dll)) { Console.Error.WriteLine($"build first: dotnet build -c Release src/Shifan ({dll} missing)"); return 2; }
        var wrk = new[] { "/usr/bin/wrk", "/usr/local/bin/wrk" }.FirstOrDefault(File.Exists);
        if (wrk is null) { Console.Error.WriteLine("wrk is not installed (apt-get install -y wrk)"); return 2; }
        var lua = Path.Combine(Paths.Root, "bench", "Shifan.Bench", "dashboard-load.lua");

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
        await Shell(dll, $"user add benchprovince --role office --organisation {generated.ProvinceId} {target}", Password + "\n");
        await Shell(dll, $"user add benchcounty --role office --unit {generated.OfficeUnitName} --campaign {campaign} {target}", Password + "\n");

        var port = Shifan.TestSupport.PostgresServer.FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        using var app = Process.Start(new ProcessStartInfo("dotnet", $"{dll} {target} --urls {baseAddress}")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            Environment =
            {
                ["Logging__LogLevel__Default"] = "Warning", ["Shifan__LoginAttemptsPerMinute"] = "100000", ["Shifan__Demo__Activity"] = "false",
                // The office role requires a second factor by default; bench accounts sign in with a password only.
                ["Shifan__SecondFactor__RequiredByDefault"] = "none",
            },
        })!;
        _ = app.StandardOutput.ReadToEndAsync();
        _ = app.StandardError.ReadToEndAsync();
        try
        {
            using (var probe = new HttpClient { BaseAddress = baseAddress })
                for (var i = 0; i < 300; i++)
                {
                    try { if ((await probe.GetAsync("/healthz")).IsSuccessStatusCode) break; } catch (HttpRequestException) { }
                    await Task.Delay(200);
                }
            var provinceToken = await TokenAsync(baseAddress, "benchprovince");
            var countyToken = await TokenAsync(baseAddress, "benchcounty");
            var provinceCookie = await CookieAsync(baseAddress, "benchprovince");
            var countyCookie = await CookieAsync(baseAddress, "benchcounty");
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
                Console.WriteLine($"run {run} of {runs}, load average before: {File.ReadAllText("/proc/loadavg").Trim()}");
                Console.WriteLine("| request | clients | requests | non-200 | socket errors | p50 ms | p95 ms | p99 ms | p95 / healthz p95 |");
                Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
                double? baseline = null;
                foreach (var t in targets)
                {
                    // A short warm-up at the same concurrency, not counted.
                    await Wrk(wrk, lua, baseAddress, t.Path, t.Paths, t.Header, t.Value, t.Clients, 3);
                    var r = await Wrk(wrk, lua, baseAddress, t.Path, t.Paths, t.Header, t.Value, t.Clients, seconds);
                    baseline ??= r.P95;
                    Console.WriteLine($"| {t.Name} | {t.Clients} | {r.Requests}{(r.Requests == 0 ? " (none answered within the run)" : "")} | {r.Non200}{(r.FirstBad != "" ? $" (first: {r.FirstBad})" : "")} | {r.SocketErrors} | {r.P50:F1} | {r.P95:F1} | {r.P99:F1} | {r.P95 / baseline.Value:F1}× |");
                    // No answer within the run is a failure too (wrk counts only requests that completed).
                    failed |= r.Non200 > 0 || r.SocketErrors > 0 || r.Requests == 0;
                }
                Console.WriteLine($"load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
            }
            return failed ? 1 : 0;
        }
        finally
        {
            app.Kill(true);
            await app.WaitForExitAsync();
        }
    }

    private sealed record WrkResult(int Requests, int Non200, int SocketErrors, double P50, double P95, double P99, string FirstBad);

    private static async Task<WrkResult> Wrk(string wrk, string lua, Uri baseAddress, string path, string? paths, string header, string value, int clients, int seconds)
    {
        var psi = new ProcessStartInfo(wrk, $"-t2 -c{clients} -d{seconds}s --timeout 30s -s {lua} {new Uri(baseAddress, path)}")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            Environment = { ["SHIFAN_AUTH_HEADER"] = header, ["SHIFAN_AUTH_VALUE"] = value, ["SHIFAN_PATHS"] = paths ?? "" },
        };
        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        var errors = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        var m = Regex.Match(output, @"RESULT requests=(\d+) non200=(\d+) socket_errors=(\d+) p50=([\d.]+) p95=([\d.]+) p99=([\d.]+) max=[\d.]+ first_bad=(\S*)");
        if (!m.Success) throw new InvalidOperationException($"wrk gave no result: {output}{errors}");
        double D(int g) => double.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
        return new WrkResult(int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value), int.Parse(m.Groups[3].Value), D(4), D(5), D(6), m.Groups[7].Value);
    }

    private static async Task<string> TokenAsync(Uri baseAddress, string user)
    {
        using var login = new HttpClient { BaseAddress = baseAddress };
        var response = await login.PostAsJsonAsync("/api/auth/login", new { userName = user, password = Password });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.TryGetProperty("token", out var token) ? token.GetString()! : throw new InvalidOperationException($"login of {user}: {(int)response.StatusCode} {body}");
    }

    /// <summary>Signs in through the /login form as a browser does and returns the Cookie header it would send.</summary>
    private static async Task<string> CookieAsync(Uri baseAddress, string user)
    {
        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        var html = await client.GetStringAsync("/login");
        var token = WebUtility.HtmlDecode(Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);
        var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.UserName"] = user, ["Input.Password"] = Password, ["_handler"] = "login", ["__RequestVerificationToken"] = token,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"sign-in of {user} answered {(int)response.StatusCode}");
        return cookies.GetCookieHeader(baseAddress);
    }

    private static async Task Shell(string dll, string arguments, string stdin)
    {
        var p = Process.Start(new ProcessStartInfo("dotnet", $"{dll} {arguments}") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true })!;
        await p.StandardInput.WriteAsync(stdin);
        p.StandardInput.Close();
        var stderr = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"shifan {arguments} failed: {await stderr}");
    }
}
