using System.Diagnostics;
using System.Security.Cryptography;
using Shifan.Documents.Import;

// Benchmarks of the document readers. Run in Release:
//   dotnet run -c Release --project bench/Shifan.Bench -- inspect [FILES…]
//   dotnet run -c Release --project bench/Shifan.Bench -- upload-load 50 8 sqlite|postgres
//   dotnet run -c Release --project bench/Shifan.Bench -- review-load 20000 50 20
//   dotnet run -c Release --project bench/Shifan.Bench -- scores 60
//   dotnet run -c Release --project bench/Shifan.Bench -- report 100 20
//   dotnet run -c Release --project bench/Shifan.Bench -- generate --campaigns 100 --database sqlite --data DIR
//   dotnet run -c Release --project bench/Shifan.Bench -- dashboard-load --campaigns 100 --database sqlite|postgres
//   dotnet run -c Release --project bench/Shifan.Bench -- tree-load --sizes 0,5000,50000
// Without files it reads the shipped sample and every fixture in ../shared/fixtures/seeds.
// Each figure is the median and 95th percentile of warm runs, with the ratio to a baseline measured
// in the same run on the same bytes (hashing them with SHA-256, the least any import does), so a
// noisy shared machine shows in both numbers.

var command = args.FirstOrDefault() ?? "inspect";
switch (command)
{
    case "store": return await EvidenceBench.StoreAsync(args.Skip(1).ToArray());
    case "upload": return await EvidenceBench.UploadAsync(args.Skip(1).ToArray());
    case "checks": return EvidenceBench.Checks();
    case "search": return await EvidenceBench.SearchAsync(args.Skip(1).ToArray());
    case "upload-load": return await UploadLoadBench.RunAsync(args.Skip(1).ToArray());
    case "review-load": return await ReviewLoadBench.RunAsync(args.Skip(1).ToArray());
    case "package": return await PackageBench.RunAsync(args.Skip(1).ToArray());
    case "scores": return await ScoreBench.RunAsync(args.Skip(1).ToArray());
    case "report": return SelfAssessmentReportBench.Run(args.Skip(1).ToArray());
    case "generate": return await GenerateCommand.RunAsync(args.Skip(1).ToArray());
    case "dashboard-load": return await DashboardLoadBench.RunAsync(args.Skip(1).ToArray());
    case "tree-load": return await TreeLoadBench.RunAsync(args.Skip(1).ToArray());
    case "inspect": break;
    default:
        Console.Error.WriteLine("usage: Shifan.Bench inspect [FILES…] | store [MB] | upload [MB] | checks | search [DOCS] | upload-load [CLIENTS] [FILES-EACH] [sqlite|postgres] | review-load [ITEMS] [CLIENTS] [REQUESTS-EACH] | report [INDICATORS] [RUNS] | scores [UNITS] | generate --campaigns N [--indicators 100 --units 30 --periods 12 --evidence-per-indicator 20] --database sqlite [--data DIR]|postgres --connection CS | dashboard-load --campaigns N --database sqlite|postgres [--clients 50 --overview-clients 10 --duration 20 --runs 1] | tree-load [--sizes 0,5000,50000 --clients 20 --duration 10 --requests tree,checks,search-api,search-page]");
        return 2;
}
var root = Paths.Root;
var files = args.Skip(1).ToList();
if (files.Count == 0)
{
    files.Add(Path.Combine(root, "src", "Shifan", "SampleData", "demo-framework.json"));
    var seeds = Path.GetFullPath(Path.Combine(root, "..", "shared", "fixtures", "seeds"));
    if (Directory.Exists(seeds)) files.AddRange(Directory.GetFiles(seeds).Where(f => !f.EndsWith(".md")).Order());
    // The PDF an office would be sent: each Word seed rendered by LibreOffice (issue 9: PDF import under 300 ms warm).
    var pdfDir = Path.Combine(Path.GetTempPath(), "shifan-bench-pdf");
    Directory.CreateDirectory(pdfDir);
    foreach (var docx in files.Where(f => f.EndsWith(".docx")).ToList())
    {
        var pdf = Path.Combine(pdfDir, Path.GetFileNameWithoutExtension(docx) + ".pdf");
        if (!File.Exists(pdf)) await Shifan.TestSupport.LibreOffice.ConvertToPdfAsync(docx, pdfDir);
        files.Add(pdf);
    }
}

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
Console.WriteLine("| file | bytes | nodes | inspect median ms | p95 ms | baseline median ms | ratio |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
foreach (var path in files)
{
    var bytes = File.ReadAllBytes(path);
    var name = Path.GetFileName(path);
    var read = FrameworkReader.Read(bytes, name);
    var nodes = read.AllNodes().Count();
    var inspect = Measure(() => FrameworkReader.Read(bytes, name));
    var baseline = Measure(() => SHA256.HashData(bytes));
    if (name.EndsWith(".pdf"))
    {
        // What any PDF import costs before rebuilding a table: PdfPig reading every page's letters and drawings.
        var pdfPig = Measure(() =>
        {
            using var doc = UglyToad.PdfPig.PdfDocument.Open(bytes);
            var count = 0;
            foreach (var page in doc.GetPages()) count += page.Letters.Count + page.Paths.Count;
            GC.KeepAlive(count);
        });
        Console.WriteLine($"| {name}: PdfPig reading letters and paths only | | | {pdfPig.Median:F1} | {pdfPig.P95:F1} | | |");
    }
    Console.WriteLine($"| {name} | {bytes.Length} | {nodes} ({read.AllNodes().Count(n => n.Kind == "indicator")} indicators) | {inspect.Median:F1} | {inspect.P95:F1} | {baseline.Median:F2} | {inspect.Median / Math.Max(baseline.Median, 0.001):F0}× |");
}
return 0;

static (double Median, double P95) Measure(Action action, int warmup = 10, int runs = 60)
{
    for (var i = 0; i < warmup; i++) action();
    var times = new double[runs];
    for (var i = 0; i < runs; i++)
    {
        var sw = Stopwatch.StartNew();
        action();
        times[i] = sw.Elapsed.TotalMilliseconds;
    }
    Array.Sort(times);
    return (times[runs / 2], times[(int)(runs * 0.95)]);
}
