using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

/// <summary>
/// Many uploaders at once against the real app (Release build, a child process on 127.0.0.1) with its
/// background text extraction running: every upload must answer 201 and every PDF must then be found
/// by the text inside it. Baseline in the same run: the same uploads from one client, one at a time.
/// </summary>
internal static class UploadLoadBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var provider = args.FirstOrDefault(a => a is "sqlite" or "postgres") ?? "sqlite";
        var numbers = args.Where(a => int.TryParse(a, out _)).Select(int.Parse).ToList();
        var clients = numbers.Count > 0 ? numbers[0] : 50;
        var perClient = numbers.Count > 1 ? numbers[1] : 8;
        var dll = Path.Combine(Paths.Root, "src", "Shifan", "bin", "Release", "net10.0", "shifan.dll");
        if (!File.Exists(dll)) { Console.Error.WriteLine($"build first: dotnet build -c Release src/Shifan ({dll} missing)"); return 2; }
        var data = Path.Combine(Path.GetTempPath(), "shifan-bench", "load-" + provider);
        if (Directory.Exists(data)) Directory.Delete(data, true);
        Directory.CreateDirectory(data);
        var database = provider == "postgres"
            ? Shifan.TestSupport.PostgresServer.Require().NewDatabase()
            : Shifan.Infrastructure.Persistence.Database.SqliteConnectionString(data);
        var port = Shifan.TestSupport.PostgresServer.FreePort();
        var target = $"--data {data} --database \"{database}\"";
        using var app = Process.Start(new ProcessStartInfo("dotnet", $"{dll} {target} --urls http://127.0.0.1:{port}")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            // One account for every client: the per-user limit of uploads a minute is not what is measured here.
            Environment = { ["Shifan__UploadsPerMinute"] = "1000000", ["Logging__LogLevel__Default"] = "Warning" },
        })!;
        var appErrors = new StringBuilder();
        _ = app.StandardOutput.ReadToEndAsync();
        _ = Task.Run(async () => appErrors.Append(await app.StandardError.ReadToEndAsync()));
        try
        {
            var baseAddress = new Uri($"http://127.0.0.1:{port}");
            using (var probe = new HttpClient { BaseAddress = baseAddress })
                for (var i = 0; i < 300; i++)
                {
                    try { if ((await probe.GetAsync("/healthz")).IsSuccessStatusCode) break; } catch (HttpRequestException) { }
                    await Task.Delay(200);
                }
            await Shell(dll, $"user add bench --role office --unit 示范创建工作领导小组办公室 {target}", "Bench-Passw0rd\n");
            string token;
            using (var login = new HttpClient { BaseAddress = baseAddress })
                token = (await (await login.PostAsJsonAsync("/api/auth/login", new { userName = "bench", password = "Bench-Passw0rd" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
            HttpClient Client() => new(new SocketsHttpHandler { MaxConnectionsPerServer = 1 })
            {
                BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5), DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
            };

            var tokens = new ConcurrentBag<string>();
            var failures = new ConcurrentBag<string>();
            async Task<double> UploadAsync(HttpClient http, string label)
            {
                var text = $"{label}k{Guid.NewGuid():N}"[..20];
                tokens.Add(text);
                var form = new MultipartFormDataContent();
                var file = new ByteArrayContent(Pdf(text));
                file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
                form.Add(file, "file", text + ".pdf");
                var sw = Stopwatch.StartNew();
                try
                {
                    var response = await http.PostAsync("/api/campaigns/1/indicators/1/materials/1/evidence", form);
                    if (response.StatusCode != HttpStatusCode.Created) failures.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
                catch (HttpRequestException ex)
                {
                    failures.Add(ex.Message);
                }
                return sw.Elapsed.TotalMilliseconds;
            }

            // Baseline: one client, one upload at a time.
            var sequentialCount = Math.Min(clients * perClient, 50);
            using var single = Client();
            var sequential = new List<double>();
            var swSequential = Stopwatch.StartNew();
            for (var i = 0; i < sequentialCount; i++) sequential.Add(await UploadAsync(single, $"s{i:D3}x"));
            var sequentialSeconds = swSequential.Elapsed.TotalSeconds;

            var http = Enumerable.Range(0, clients).Select(_ => Client()).ToList();
            var swLoad = Stopwatch.StartNew();
            var concurrent = (await Task.WhenAll(http.Select(async (h, c) =>
            {
                var times = new List<double>();
                for (var n = 0; n < perClient; n++) times.Add(await UploadAsync(h, $"c{c:D2}n{n:D2}x"));
                return times;
            }))).SelectMany(t => t).ToList();
            var loadSeconds = swLoad.Elapsed.TotalSeconds;

            // Then every PDF must be found by its text, once the background extraction has read it.
            var swExtract = Stopwatch.StartNew();
            await using (var db = Shifan.Infrastructure.Persistence.Database.Create(database))
                while (await db.EvidenceVersions.AnyAsync(v => v.TextPending) && swExtract.Elapsed < TimeSpan.FromMinutes(10)) await Task.Delay(250);
            var extractSeconds = swExtract.Elapsed.TotalSeconds;
            var unfindable = 0;
            foreach (var t in tokens)
            {
                var hits = await single.GetFromJsonAsync<JsonElement>($"/api/campaigns/1/evidence?q={t}");
                if (hits.GetArrayLength() != 1) unfindable++;
            }
            var total = sequentialCount + concurrent.Count;
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; {provider}; app and clients on 127.0.0.1");
            Console.WriteLine($"uploads: {total} ({sequentialCount} sequential + {clients} clients x {perClient}); errors: {failures.Count}; unfindable by their text: {unfindable} of {tokens.Count}");
            Console.WriteLine($"| phase | uploads | p50 ms | p95 ms | uploads/s |");
            Console.WriteLine($"|---|---:|---:|---:|---:|");
            Console.WriteLine($"| baseline: 1 client, sequential | {sequentialCount} | {P(sequential, 0.5):F0} | {P(sequential, 0.95):F0} | {sequentialCount / sequentialSeconds:F1} |");
            Console.WriteLine($"| {clients} concurrent clients | {concurrent.Count} | {P(concurrent, 0.5):F0} | {P(concurrent, 0.95):F0} | {concurrent.Count / loadSeconds:F1} |");
            Console.WriteLine($"throughput ratio concurrent/sequential: {concurrent.Count / loadSeconds / (sequentialCount / sequentialSeconds):F2}; p50 ratio: {P(concurrent, 0.5) / P(sequential, 0.5):F1}; extraction finished {extractSeconds:F1} s after the last upload");
            foreach (var f in failures.Take(5)) Console.WriteLine("  failure: " + f[..Math.Min(f.Length, 300)]);
            return failures.IsEmpty && unfindable == 0 ? 0 : 1;
        }
        finally
        {
            app.Kill(true);
            await app.WaitForExitAsync();
        }
    }

    private static double P(List<double> values, double q)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * q))];
    }

    private static async Task Shell(string dll, string arguments, string stdin)
    {
        var p = Process.Start(new ProcessStartInfo("dotnet", $"{dll} {arguments}") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true })!;
        await p.StandardInput.WriteAsync(stdin);
        p.StandardInput.Close();
        var err = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"shifan {arguments}: {err}");
    }

    /// <summary>A one-page PDF showing <paramref name="text"/> (ASCII), with a correct cross-reference table.</summary>
    private static byte[] Pdf(string text)
    {
        var content = $"BT /F1 12 Tf 72 720 Td ({text}) Tj ET";
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = pdf.Length;
        pdf.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var o in offsets) pdf.Append($"{o:D10} 00000 n \n");
        pdf.Append($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}
