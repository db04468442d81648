using System.Diagnostics;
using Shifan.Core.Packages;
using Shifan.Documents.Packages;

/// <summary>
/// Package streaming and verification against the plain tools on the same files in the same run:
/// building the .zip (stored entries, as the app does) against `zip -0 -q -r`, and `package verify`'s
/// SHA-256 + SM3 pass against `sha256sum`. Files are random (incompressible) and written first.
/// The 10 GB figure of issue 13 is `package 5000 2 1` (5,000 files of 2 MB, one round); it needs ~35 GB of
/// free space in the temp folder (the files, the `zip -0` output and the app's zip).
///   dotnet run -c Release --project bench/Shifan.Bench -- package [FILES] [MB-EACH] [ROUNDS]
/// </summary>
public static class PackageBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0]) : 500;
        var mb = args.Length > 1 ? double.Parse(args[1]) : 2;
        var rounds = args.Length > 2 ? int.Parse(args[2]) : 2;
        var dir = Path.Combine(Path.GetTempPath(), "shifan-package-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var src = Path.Combine(dir, "files");
        Directory.CreateDirectory(src);
        try
        {
            var size = (long)(mb * 1024 * 1024);
            var files = new PackageFile[count];
            // Written on every core: 10 GB of random files hashed one by one would take longer than the bench.
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, () => new byte[size], (i, _, buffer) =>
            {
                Random.Shared.NextBytes(buffer);
                var (sha, sm3) = PackageHash.Of(buffer);
                File.WriteAllBytes(Path.Combine(src, sha), buffer);
                var code = (i % 93 + 1).ToString();
                files[i] = new PackageFile($"一、领域/1.分组/{code}.指标/{code}-{i % 5 + 1}-材料{i}.pdf", "一", code, "指标", i % 5 + 1, "材料要求", i, $"材料{i}", "blob", 1,
                    $"材料{i}.pdf", "pdf", size, sha, sm3, "单位", "联络人", DateTimeOffset.UtcNow, "办公室", DateTimeOffset.UtcNow, null);
                return buffer;
            }, _ => { });
            var manifest = new PackageManifest(1, "基准", "基准", 1, DateTimeOffset.UtcNow, "bench", "指标体系", 1, files, [], []);
            var json = manifest.ToJson();
            var total = files.Sum(f => f.Size);
            Console.WriteLine($"{count} files × {mb} MB = {total / 1024.0 / 1024 / 1024:0.00} GB, {Environment.ProcessorCount} cores");
            // Drop what generation left in the page cache on both sides equally: each tool reads the same warm files.
            var zipOut = Path.Combine(dir, "zip0.zip");
            var appOut = Path.Combine(dir, "app.zip");
            double Rate(TimeSpan t) => total / 1024.0 / 1024 / t.TotalSeconds;
            for (var round = 1; round <= rounds; round++)
            {
                var z = Stopwatch.StartNew();
                using (var p = Process.Start(new ProcessStartInfo("zip", ["-0", "-q", "-r", zipOut, "files"]) { WorkingDirectory = dir })!) await p.WaitForExitAsync();
                z.Stop();
                File.Delete(zipOut);
                var before = GC.GetTotalMemory(true);
                var proc = Process.GetCurrentProcess();
                var a = Stopwatch.StartNew();
                await using (var output = new FileStream(appOut, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
                    await PackageZipWriter.WriteAsync(output, manifest, json, f => new FileStream(Path.Combine(src, f.Sha256), FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan));
                a.Stop();
                proc.Refresh();
                Console.WriteLine($"round {round}: zip -0 {Rate(z.Elapsed):0} MB/s ({z.Elapsed.TotalSeconds:0.0} s); package build {Rate(a.Elapsed):0} MB/s ({a.Elapsed.TotalSeconds:0.0} s); ratio {z.Elapsed / a.Elapsed:0.00}; peak working set {proc.PeakWorkingSet64 / 1024 / 1024} MB");

                var s = Stopwatch.StartNew();
                using (var p = Process.Start(new ProcessStartInfo("sh", ["-c", "sha256sum files/* > /dev/null"]) { WorkingDirectory = dir })!) await p.WaitForExitAsync();
                s.Stop();
                var v = Stopwatch.StartNew();
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var result = await PackageVerifier.VerifyAsync(appOut);
                v.Stop();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
                if (!result.Intact) { Console.Error.WriteLine("verify failed: " + result.Problems[0]); return 1; }
                Console.WriteLine($"round {round}: sha256sum {Rate(s.Elapsed):0} MB/s; package verify (SHA-256 + SM3) {Rate(v.Elapsed):0} MB/s; ratio {s.Elapsed / v.Elapsed:0.00} (verify used {cpu.TotalSeconds:0.0} s of CPU on {Environment.ProcessorCount} cores)");
                File.Delete(appOut);
            }
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
