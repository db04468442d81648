using System.Text.Json;
using Shifan.Core;
using Shifan.Core.Packages;
using Shifan.Documents.Export;
using Shifan.Documents.Frameworks;
using Shifan.Documents.Packages;
using Shifan.Features.UntrustedFiles;
using Shifan.Hosting;
using Shifan.Infrastructure.Files;

namespace Shifan.Features.Packages;

/// <summary>
/// Makes one merged PDF per indicator for a package build (ADR-023). The files are untrusted, so each indicator's
/// merge runs in the untrusted-file worker (`merge-pdf`, with LibreOffice inside it for Office files, text and
/// images); the server only writes the job, the 情况说明 as Word (its own text, nothing parsed) and reads the reply.
/// An indicator whose worker fails is listed with the reason and the build goes on without its PDF.
/// Settings `Shifan:Package:*`: MergePdf (default true), LibreOffice (path of soffice; default: found on PATH;
/// "none" never converts), MergeMaxMB (input per indicator, default 500), ConvertSeconds (per file, default 60).
/// </summary>
public sealed class PackagePdfs(UntrustedFileWorker worker, IConfiguration configuration, ShifanOptions options, ILogger<PackagePdfs> log)
{
    private readonly BlobStore store = new(options.FilesDirectory);

    public bool Enabled => !string.Equals(configuration["Shifan:Package:MergePdf"], "false", StringComparison.OrdinalIgnoreCase);

    /// <summary>LibreOffice's soffice to convert with; null when it is not installed (or turned off with "none").</summary>
    public string? Soffice => configuration["Shifan:Package:LibreOffice"] switch
    {
        "none" => null,
        { Length: > 0 } path => File.Exists(path) ? path : null,
        _ => FindOnPath("soffice") ?? FindOnPath("libreoffice"),
    };

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    /// <summary>The merged PDFs of <paramref name="manifest"/>, made under <paramref name="work"/> (the caller deletes it), in manifest order.</summary>
    public async Task<IReadOnlyList<IndicatorPdf>> MergeAsync(PackageManifest manifest, string work, CancellationToken ct)
    {
        if (!Enabled) return [];
        var soffice = Soffice;
        var maxMb = long.TryParse(configuration["Shifan:Package:MergeMaxMB"], out var mb) && mb > 0 ? mb : 500;
        var seconds = int.TryParse(configuration["Shifan:Package:ConvertSeconds"], out var s) && s > 0 ? s : 60;
        var result = new List<IndicatorPdf>();
        var k = 0;
        foreach (var (path, code, title, files) in IndicatorPdf.Plan(manifest))
        {
            var dir = Path.Combine(work, (++k).ToString("D4"));
            Directory.CreateDirectory(dir);
            var parts = new List<PdfMergePart>();
            var j = 0;
            foreach (var f in files)
            {
                j++;
                var bookmark = Path.GetFileNameWithoutExtension(f.Path.Split('/')[^1]);
                if (f.Source == "text")
                {
                    // A 情况说明 is our own text: written as Word here, converted with the rest by LibreOffice in the worker.
                    var docx = Path.Combine(dir, $"text-{j:D4}.docx");
                    await using (var file = File.Create(docx))
                        ExplanationDocxWriter.Write(file, f.Title, f.Text ?? "", f.Unit, ChinaTime.DateOf(f.ApprovedAt ?? f.UploadedAt));
                    parts.Add(new PdfMergePart(docx, bookmark, "docx", "docx"));
                }
                else parts.Add(new PdfMergePart(store.PathOf(f.Sha256), bookmark, f.Type, Path.GetExtension(f.Path)));
            }
            var output = Path.Combine(dir, "merged.pdf");
            var job = new PdfMergeJob
            {
                Output = output, WorkDirectory = Path.Combine(dir, "work"), Soffice = soffice, ProfileDirectory = Path.Combine(work, "libreoffice-profile"), ConvertSecondsPerFile = seconds,
                MaxBytes = maxMb * 1024 * 1024, MaxFileBytes = Math.Min(200, maxMb) * 1024 * 1024, Parts = parts,
            };
            var jobFile = Path.Combine(dir, "job.json");
            await File.WriteAllTextAsync(jobFile, JsonSerializer.Serialize(job, FrameworkJson.Options), ct);
            string? failure;
            PdfMergeResult? merged = null;
            try
            {
                var run = await worker.MergePdfAsync(jobFile, ct);
                merged = run.Reply?.Merge;
                failure = run.Outcome switch
                {
                    WorkerOutcome.Replied when merged is not null => null,
                    WorkerOutcome.Replied => run.Reply?.Refusal ?? "合并PDF时处理进程没有给出结果",
                    WorkerOutcome.TimedOut => $"合并PDF超过 {worker.Limits.MergeTimeLimit.TotalMinutes:0.#} 分钟的时间上限，处理进程已被终止",
                    _ => run.Reason(worker.Limits),
                };
            }
            catch (WorkerUnavailableException ex)
            {
                log.LogError(ex, "Cannot start the worker to merge the PDF of indicator {Code}", code);
                failure = "无法启动文件处理进程，未生成合并PDF";
            }
            var outParts = files.Select((f, i) =>
            {
                var bookmark = parts[i].Title;
                if (merged is null || i >= merged.Parts.Count) return new IndicatorPdfPart(f.Path, bookmark, false, 0, 0, failure);
                var p = merged.Parts[i];
                return new IndicatorPdfPart(f.Path, bookmark, p.Merged, p.FirstPage, p.Pages, p.Reason);
            }).ToList();
            var made = merged is { Pages: > 0 } && File.Exists(output);
            if (!made && failure is null && merged is not null) failure = "没有能合并的材料";
            result.Add(new IndicatorPdf(path, code, title, made ? merged!.Pages : 0, outParts, failure, made ? output : null));
        }
        log.LogInformation("Merged PDFs of package {Campaign}/{No}: {Made} of {Indicators} indicators, LibreOffice {Soffice}",
            manifest.CampaignId, manifest.FreezeNo, result.Count(r => r.File is not null), result.Count, soffice ?? "not installed");
        return result;
    }
}
