using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Shifan.Core.Evidence;
using Shifan.Core.Frameworks;
using Shifan.Infrastructure.Files;
using Microsoft.EntityFrameworkCore;

/// <summary>Benchmarks of evidence handling, each against a baseline measured in the same run.</summary>
internal static class EvidenceBench
{
    private static string TempRoot => Path.Combine(Path.GetTempPath(), "shifan-bench");

    /// <summary>A file of incompressible bytes, made once and reused.</summary>
    private static string SourceFile(int megabytes)
    {
        Directory.CreateDirectory(TempRoot);
        var path = Path.Combine(TempRoot, $"source-{megabytes}MB.bin");
        if (File.Exists(path) && new FileInfo(path).Length == megabytes * 1024L * 1024) return path;
        var random = new Random(42);
        var buffer = new byte[1 << 20];
        using var fs = File.Create(path);
        for (var i = 0; i < megabytes; i++) { random.NextBytes(buffer); fs.Write(buffer); }
        return path;
    }

    /// <summary>Streaming a file into the content-addressed store (hashing as it writes) against a plain copy on the same disk.</summary>
    public static async Task<int> StoreAsync(string[] args)
    {
        var mb = args.Length > 0 && int.TryParse(args[0], out var m) ? m : 1024;
        var source = SourceFile(mb);
        var copies = new List<double>();
        var stores = new List<double>();
        var hashes = new List<double>();
        var loops = new List<double>();
        const int Runs = 7;
        for (var run = 0; run < Runs; run++)
        {
            // The hash alone (read + SHA-256, nothing written): the ceiling for any store that hashes its input.
            var hw = Stopwatch.StartNew();
            await using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan))
            using (var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256))
            {
                var buffer = new byte[4 << 20];
                int n;
                while ((n = input.Read(buffer)) > 0) sha.AppendData(buffer, 0, n);
                sha.GetHashAndReset();
            }
            hashes.Add(hw.Elapsed.TotalSeconds);

            // Our own read/write loop without hashing (user-space copy + fsync), to see what the write stage costs.
            var target0 = Path.Combine(TempRoot, "loop.bin");
            hw.Restart();
            await using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan))
            await using (var output = new FileStream(target0, FileMode.Create, FileAccess.Write, FileShare.None, 0))
            {
                var buffer = new byte[4 << 20];
                int n;
                while ((n = input.Read(buffer)) > 0) output.Write(buffer, 0, n);
                output.Flush(true);
            }
            loops.Add(hw.Elapsed.TotalSeconds);
            File.Delete(target0);

            var target = Path.Combine(TempRoot, "copy.bin");
            if (File.Exists(target)) File.Delete(target);
            var sw = Stopwatch.StartNew();
            File.Copy(source, target);
            using (var f = new FileStream(target, FileMode.Open)) f.Flush(true);
            copies.Add(sw.Elapsed.TotalSeconds);
            File.Delete(target);

            var storeRoot = Path.Combine(TempRoot, "store");
            if (Directory.Exists(storeRoot)) Directory.Delete(storeRoot, true);
            var store = new BlobStore(storeRoot);
            sw.Restart();
            await using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan))
            {
                var blob = await store.SaveAsync(input, long.MaxValue);
                using var f = new FileStream(store.PathOf(blob.Sha256), FileMode.Open);
                f.Flush(true);
            }
            stores.Add(sw.Elapsed.TotalSeconds);
            Directory.Delete(storeRoot, true);
        }
        var copy = copies.Order().ElementAt(Runs / 2);
        var stored = stores.Order().ElementAt(Runs / 2);
        var hashed = hashes.Order().ElementAt(Runs / 2);
        var looped = loops.Order().ElementAt(Runs / 2);
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; file {mb} MB; median of {Runs} runs (this VM's page-cache writes are bimodal: look at the ratios, not the seconds)");
        Console.WriteLine("| operation | seconds | MB/s |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| plain copy (baseline) | {copy:F2} | {mb / copy:F0} |");
        Console.WriteLine($"| read/write loop in user space + fsync, no hash | {looped:F2} | {mb / looped:F0} |");
        Console.WriteLine($"| SHA-256 of the file alone (read + hash, no write) | {hashed:F2} | {mb / hashed:F0} |");
        Console.WriteLine($"| BlobStore.SaveAsync (read, hash and write in parallel, fsync) | {stored:F2} | {mb / stored:F0} |");
        Console.WriteLine($"throughput ratio store/copy: {copy / stored:F2} (aim ≥ 0.8); hash-only/copy (the ceiling): {copy / hashed:F2}; store/hash-only: {hashed / stored:F2}");
        return 0;
    }

    /// <summary>
    /// Uploads a generated file of the given size through the real app's HTTP API and reports the
    /// app process's peak resident memory (VmHWM), against its peak after start-up.
    /// </summary>
    public static async Task<int> UploadAsync(string[] args)
    {
        var mb = args.Length > 0 && int.TryParse(args[0], out var m) ? m : 2048;
        var root = Paths.Root;
        var dll = Path.Combine(root, "src", "Shifan", "bin", "Release", "net10.0", "shifan.dll");
        if (!File.Exists(dll)) { Console.Error.WriteLine($"build first: dotnet build -c Release src/Shifan ({dll} missing)"); return 2; }
        var data = Path.Combine(TempRoot, "app-data");
        if (Directory.Exists(data)) Directory.Delete(data, true);
        var port = FreePort();
        var password = "Bench-Passw0rd";
        await RunAsync(dll, $"campaign list --data {data}", "");
        using var app = Process.Start(new ProcessStartInfo("dotnet", $"{dll} --data {data} --urls http://127.0.0.1:{port}")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            Environment = { ["Shifan__MaxUploadBytes"] = (8L << 30).ToString() },
        })!;
        _ = app.StandardOutput.ReadToEndAsync();
        _ = app.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(30) };
            for (var i = 0; i < 100; i++)
            {
                try { if ((await http.GetAsync("/healthz")).IsSuccessStatusCode) break; } catch (HttpRequestException) { }
                await Task.Delay(200);
            }
            await RunAsync(dll, $"user add bench --role office --unit 示范创建工作领导小组办公室 --data {data}", password + "\n");
            var login = await http.PostAsJsonAsync("/api/auth/login", new { userName = "bench", password });
            var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var idle = PeakRssMb(app.Id);
            var content = new MultipartFormDataContent();
            var file = new StreamContent(new GeneratedStream(mb * 1024L * 1024), 1 << 20);
            file.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
            content.Add(new StringContent("执法记录视频"), "title");
            content.Add(file, "file", "执法记录.mp4");
            var sw = Stopwatch.StartNew();
            var response = await http.PostAsync("/api/campaigns/1/indicators/1/materials/1/evidence", content);
            var seconds = sw.Elapsed.TotalSeconds;
            var peak = PeakRssMb(app.Id);
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; upload of {mb} MB over loopback HTTP");
            Console.WriteLine($"status {(int)response.StatusCode}; {seconds:F1} s ({mb / seconds:F0} MB/s)");
            Console.WriteLine($"app peak resident memory: after start {idle} MB, after upload {peak} MB (aim < 300 MB)");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        finally
        {
            app.Kill(true);
        }
    }

    /// <summary>Completeness of a 100-indicator campaign with 5,000 evidence items.</summary>
    public static int Checks()
    {
        var random = new Random(1);
        var nodes = Enumerable.Range(1, 100).Select(i => new FrameworkNode
        {
            Id = i, Kind = NodeKind.Indicator, Code = i.ToString(),
            Materials = Enumerable.Range(1, 4).Select(n => new MaterialRequirement { Id = i * 10 + n, NodeId = i, No = n, Text = "材料", Since = 2021, MinCount = n == 2 ? 3 : null, MaxChars = 600 }).ToList(),
        }).ToList();
        var requirementIds = nodes.SelectMany(n => n.Materials).Select(m => m.Id).ToArray();
        var items = Enumerable.Range(1, 5000).Select(i =>
        {
            var item = new EvidenceItem { Id = i, Title = $"材料{i}", Year = 2019 + random.Next(5), Kind = i % 10 == 0 ? EvidenceKind.Explanation : EvidenceKind.File, Text = i % 10 == 0 ? new string('办', 400 + random.Next(400)) : null };
            if (item.Text is null) item.Versions.Add(new EvidenceVersion { Sha256 = (i % 4000).ToString("x64"), FileName = $"f{i}.pdf", DetectedType = "pdf", VersionNo = 1 });
            item.Links.Add(new EvidenceLink { MaterialRequirementId = requirementIds[random.Next(requirementIds.Length)] });
            return item;
        }).ToList();
        var lookup = items.SelectMany(i => i.Links.Select(l => (l.MaterialRequirementId, i))).ToLookup(x => x.MaterialRequirementId, x => x.i);
        var times = new List<double>();
        var baselines = new List<double>();
        for (var run = 0; run < 40; run++)
        {
            var sw = Stopwatch.StartNew();
            var results = nodes.Select(n => EvidenceChecks.Check(n, lookup)).ToList();
            times.Add(sw.Elapsed.TotalMilliseconds);
            if (results.Count != 100) return 1;
            sw.Restart();
            var counts = nodes.Sum(n => n.Materials.Sum(mr => lookup[mr.Id].Count()));
            baselines.Add(sw.Elapsed.TotalMilliseconds);
            if (counts != 5000) return 1;
        }
        var median = times.Order().Skip(10).First();
        var baseline = baselines.Order().Skip(10).First();
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Console.WriteLine($"completeness of 100 indicators, 400 requirements, 5000 items: median {median:F2} ms (aim < 50 ms); baseline (counting items per requirement) {baseline:F2} ms; ratio {median / Math.Max(baseline, 0.001):F0}×");
        return 0;
    }

    /// <summary>
    /// Search over N evidence items with extracted text (SQLite, the embedded default): the same
    /// substring query the app runs, p50/p95 over repeated searches, against a full count of the table.
    /// </summary>
    public static async Task<int> SearchAsync(string[] args)
    {
        var count = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 50_000;
        var dir = Path.Combine(TempRoot, "search");
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
        Directory.CreateDirectory(dir);
        var cs = Shifan.Infrastructure.Persistence.Database.SqliteConnectionString(dir);
        await using (var db = Shifan.Infrastructure.Persistence.Database.Create(cs))
        {
            await Shifan.Infrastructure.Persistence.Database.MigrateAsync(db);
            var framework = new Framework { Name = "bench", CreatedAt = DateTimeOffset.UtcNow };
            var node = new FrameworkNode { Kind = NodeKind.Indicator, Code = "1", Title = "t", Text = "t" };
            framework.Nodes.Add(node);
            db.Frameworks.Add(framework);
            await db.SaveChangesAsync();
            var campaign = new Shifan.Core.Campaigns.Campaign { Name = "bench", Region = "bench", FrameworkId = framework.Id, CreatedAt = DateTimeOffset.UtcNow };
            db.Campaigns.Add(campaign);
            await db.SaveChangesAsync();
            var unit = new Shifan.Core.Units.Unit { CampaignId = campaign.Id, Name = "unit" };
            db.Units.Add(unit);
            await db.SaveChangesAsync();
            // Bulk load without the audit trail: this is test data, written straight through ADO.NET.
            var connection = (Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection();
            await connection.OpenAsync();
            var words = "行政审批 政务服务 执法 规范性文件 备案审查 重大行政决策 公众参与 专家论证 风险评估 集体讨论 行政复议 行政诉讼 信访 调解 仲裁 普法 培训 考核 督察 公开 清单 许可 处罚 强制 检查 监督 整改 落实 制度 机制".Split(' ');
            var random = new Random(5);
            await using (var tx = await connection.BeginTransactionAsync())
            {
                var item = connection.CreateCommand();
                item.Transaction = (Microsoft.Data.Sqlite.SqliteTransaction)tx;
                item.CommandText = "INSERT INTO EvidenceItems (CampaignId, NodeId, UnitId, Title, Kind, Classified, UploadedBy, UploadedAt) VALUES ($c, $n, $u, $t, 'File', 0, 'bench', 0) RETURNING Id";
                var version = connection.CreateCommand();
                version.Transaction = (Microsoft.Data.Sqlite.SqliteTransaction)tx;
                version.CommandText = "INSERT INTO EvidenceVersions (EvidenceItemId, VersionNo, Sha256, Size, FileName, DetectedType, UploadedBy, UploadedAt, ExtractedText) VALUES ($i, 1, $h, 1, 'f.pdf', 'pdf', 'bench', 0, $x)";
                for (var i = 0; i < count; i++)
                {
                    var text = new System.Text.StringBuilder();
                    while (text.Length < 1500) text.Append(words[random.Next(words.Length)]).Append('，');
                    if (i % 1000 == 7) text.Insert(random.Next(text.Length), "合法性审核");
                    item.Parameters.Clear();
                    item.Parameters.AddWithValue("$c", campaign.Id);
                    item.Parameters.AddWithValue("$n", node.Id);
                    item.Parameters.AddWithValue("$u", unit.Id);
                    item.Parameters.AddWithValue("$t", $"材料{i}");
                    var id = (long)(await item.ExecuteScalarAsync())!;
                    version.Parameters.Clear();
                    version.Parameters.AddWithValue("$i", id);
                    version.Parameters.AddWithValue("$h", i.ToString("x64"));
                    version.Parameters.AddWithValue("$x", text.ToString());
                    await version.ExecuteNonQueryAsync();
                }
                var index = connection.CreateCommand();
                index.Transaction = (Microsoft.Data.Sqlite.SqliteTransaction)tx;
                index.CommandText = "INSERT INTO EvidenceSearch(rowid, Content) SELECT i.Id, i.Title || ' ' || v.ExtractedText FROM EvidenceItems i JOIN EvidenceVersions v ON v.EvidenceItemId = i.Id";
                await index.ExecuteNonQueryAsync();
                await tx.CommitAsync();
            }
        }
        await using var read = Shifan.Infrastructure.Persistence.Database.Create(cs);
        var query = "合法性审核";
        var times = new List<double>();
        var baselines = new List<double>();
        var found = 0;
        for (var run = 0; run < 25; run++)
        {
            var sw = Stopwatch.StartNew();
            // What EvidenceService.ListAsync does: ids from the trigram index, then the items.
            var ids = await Shifan.Infrastructure.Persistence.SearchIndex.SearchAsync(read, query);
            var hits = await read.EvidenceItems.Include(i => i.Versions).Where(i => i.DeletedAt == null && ids.Contains(i.Id)).OrderByDescending(i => i.Id).Take(500).ToListAsync();
            times.Add(sw.Elapsed.TotalMilliseconds);
            found = hits.Count;
            sw.Restart();
            _ = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(read.EvidenceVersions.AsQueryable().Where(v => v.ExtractedText != null && v.ExtractedText.Length > 0));
            baselines.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        baselines.Sort();
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; SQLite; {count} items with ~1,500 characters of extracted text each");
        Console.WriteLine($"search “{query}”: {found} hits; p50 {times[times.Count / 2]:F0} ms, p95 {times[(int)(times.Count * 0.95)]:F0} ms (aim p95 < 100 ms)");
        Console.WriteLine($"baseline (scan of the text column, counting non-empty texts): p50 {baselines[baselines.Count / 2]:F0} ms");
        return 0;
    }

    private static double PeakRssMb(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmHWM:")) return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
        return double.NaN;
    }

    private static async Task RunAsync(string dll, string arguments, string stdin)
    {
        var p = Process.Start(new ProcessStartInfo("dotnet", $"{dll} {arguments}") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true })!;
        await p.StandardInput.WriteAsync(stdin);
        p.StandardInput.Close();
        var err = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"shifan {arguments}: {err}");
    }

    private static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        var port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    /// <summary>A read-only stream of pseudo-random bytes that starts like an MP4 file.</summary>
    private sealed class GeneratedStream(long length) : Stream
    {
        private long position;
        private readonly Random random = new(3);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - position);
            if (n <= 0) return 0;
            random.NextBytes(buffer.AsSpan(offset, n));
            if (position == 0 && n >= 12) "\0\0\0\u0018ftypmp42"u8.CopyTo(buffer.AsSpan(offset));
            position += n;
            return n;
        }
    }
}

/// <summary>The repository root (the folder with Shifan.slnx), for finding the app and its sample data.</summary>
internal static class Paths
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (dir.GetFiles("Shifan.slnx").Length > 0) return dir.FullName;
            return Directory.GetCurrentDirectory();
        }
    }
}
