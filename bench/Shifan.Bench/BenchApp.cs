using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

/// <summary>
/// What the load benches share: the Release build of the app started as its own process on a data folder and
/// probed until /healthz answers, bench accounts made through the app's own CLI, sign-in (a bearer token for the
/// API, a cookie as a browser gets it for pages), and wrk driven with dashboard-load.lua.
/// </summary>
internal static class BenchApp
{
    public const string Password = "Bench-Passw0rd";

    /// <summary>The Release build of the app, or null (with the command to build it printed) when it is missing.</summary>
    public static string? ReleaseDll()
    {
        var dll = Path.Combine(Paths.Root, "src", "Shifan", "bin", "Release", "net10.0", "shifan.dll");
        if (File.Exists(dll)) return dll;
        Console.Error.WriteLine($"build first: dotnet build -c Release src/Shifan ({dll} missing)");
        return null;
    }

    /// <summary>wrk, or null (with how to install it printed) when it is not installed.</summary>
    public static string? Wrk()
    {
        var wrk = new[] { "/usr/bin/wrk", "/usr/local/bin/wrk" }.FirstOrDefault(File.Exists);
        if (wrk is null) Console.Error.WriteLine("wrk is not installed (apt-get install -y wrk)");
        return wrk;
    }

    public static string LoadAverage() => File.ReadAllText("/proc/loadavg").Trim();

    /// <summary>
    /// Starts the app on <paramref name="target"/> (its --data and --database) and waits until /healthz answers.
    /// With <paramref name="sqlLog"/>, every SQL statement is logged with its duration to that file.
    /// </summary>
    public static async Task<RunningApp> StartAsync(string dll, string target, int port, string? sqlLog = null)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var app = Process.Start(new ProcessStartInfo("dotnet", $"{dll} {target} --urls {baseAddress}")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            Environment =
            {
                ["Logging__LogLevel__Default"] = "Warning", ["Shifan__LoginAttemptsPerMinute"] = "100000", ["Shifan__Demo__Activity"] = "false",
                // The office role requires a second factor by default; bench accounts sign in with a password only.
                ["Shifan__SecondFactor__RequiredByDefault"] = "none",
                ["Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command"] = sqlLog is null ? "Warning" : "Information",
            },
        })!;
        var log = sqlLog is null ? null : File.CreateText(sqlLog);
        var copying = log is null ? app.StandardOutput.ReadToEndAsync() : app.StandardOutput.BaseStream.CopyToAsync(log.BaseStream);
        _ = app.StandardError.ReadToEndAsync();
        var running = new RunningApp(app, baseAddress, copying, log);
        using var probe = new HttpClient { BaseAddress = baseAddress };
        // The first start of a data folder migrates and seeds the demo campaign: give it time.
        for (var i = 0; i < 1500; i++)
        {
            try { if ((await probe.GetAsync("/healthz")).IsSuccessStatusCode) return running; } catch (HttpRequestException) { }
            if (app.HasExited) break;
            await Task.Delay(200);
        }
        await running.DisposeAsync();
        throw new InvalidOperationException("the app did not answer /healthz");
    }

    public static async Task<string> TokenAsync(Uri baseAddress, string user)
    {
        using var login = new HttpClient { BaseAddress = baseAddress };
        var response = await login.PostAsJsonAsync("/api/auth/login", new { userName = user, password = Password });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.TryGetProperty("token", out var token) ? token.GetString()! : throw new InvalidOperationException($"login of {user}: {(int)response.StatusCode} {body}");
    }

    /// <summary>Signs in through the /login form as a browser does and returns the Cookie header it would send.</summary>
    public static async Task<string> CookieAsync(Uri baseAddress, string user)
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

    /// <summary>Runs a command of the app (`shifan ARGUMENTS`) with <paramref name="stdin"/> typed in.</summary>
    public static async Task ShellAsync(string dll, string arguments, string stdin)
    {
        var p = Process.Start(new ProcessStartInfo("dotnet", $"{dll} {arguments}") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true })!;
        await p.StandardInput.WriteAsync(stdin);
        p.StandardInput.Close();
        var stderr = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"shifan {arguments} failed: {await stderr}");
    }

    /// <summary>Adds a bench account with the bench password.</summary>
    public static Task AddUserAsync(string dll, string userArguments, string target) => ShellAsync(dll, $"user add {userArguments} {target}", Password + "\n");

    public sealed record WrkResult(int Requests, int Non200, int SocketErrors, double P50, double P95, double P99, string FirstBad);

    /// <summary>
    /// wrk against one path (or, with <paramref name="paths"/>, a comma-separated list asked in turn), signed in with
    /// <paramref name="header"/>: <paramref name="value"/> (passed through the environment, not the command line).
    /// </summary>
    public static async Task<WrkResult> WrkAsync(string wrk, Uri baseAddress, string path, string? paths, string header, string value, int clients, int seconds, int threads = 2)
    {
        var lua = Path.Combine(Paths.Root, "bench", "Shifan.Bench", "dashboard-load.lua");
        var psi = new ProcessStartInfo(wrk, $"-t{threads} -c{clients} -d{seconds}s --timeout 30s -s {lua} {new Uri(baseAddress, path).AbsoluteUri}")
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
}
