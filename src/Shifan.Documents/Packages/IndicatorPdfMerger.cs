using Shifan.Documents.Frameworks;
using Shifan.Documents.Import;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Outline;
using UglyToad.PdfPig.Outline.Destinations;
using UglyToad.PdfPig.Writer;

namespace Shifan.Documents.Packages;

/// <summary>
/// Merges one indicator's materials into one PDF with a bookmark per material, inside the untrusted-file worker:
/// PDFs as they are, Office files, text and images converted by LibreOffice first (when the job names it). A part
/// that cannot be merged (damaged, encrypted, too big, a type nothing converts, LibreOffice missing or failing) is
/// left out with its reason and the rest goes on. Pages are copied straight into the output file, one source
/// document open at a time, so memory is bounded by the biggest single file, not by the indicator.
/// </summary>
public static class IndicatorPdfMerger
{
    /// <summary>Detected types LibreOffice is asked to convert ("ole" is .doc/.xls/.ppt; "text" only as txt/csv/rtf).</summary>
    private static readonly HashSet<string> Convertible = ["docx", "xlsx", "pptx", "odt", "ods", "odp", "ole", "text", "jpg", "png", "gif"];

    private static readonly HashSet<string> TextExtensions = ["txt", "csv", "rtf"];

    private sealed class PartFailed(int index, string reason) : Exception(reason)
    {
        public int Index { get; } = index;
    }

    public static PdfMergeResult Merge(PdfMergeJob job, ReadLimits? limits = null)
    {
        limits ??= ReadLimits.Default;
        var n = job.Parts.Count;
        var reasons = new string?[n];
        var pdfs = new string?[n];
        var budget = job.MaxBytes;
        var toConvert = new List<int>();
        Directory.CreateDirectory(job.WorkDirectory);
        for (var i = 0; i < n; i++)
        {
            var part = job.Parts[i];
            var info = new FileInfo(part.Path);
            var ext = Extension(part);
            if (!info.Exists) reasons[i] = "文件不存在";
            else if (info.Length > job.MaxFileBytes) reasons[i] = $"文件超过合并PDF单个文件 {job.MaxFileBytes / 1024 / 1024} MB 的上限，未合并";
            else if (info.Length > budget) reasons[i] = $"本指标合并PDF的材料已达 {job.MaxBytes / 1024 / 1024} MB 的上限，未合并";
            else if (part.Type == "pdf")
            {
                pdfs[i] = part.Path;
                budget -= info.Length;
            }
            else if (!Convertible.Contains(part.Type) || (part.Type == "text" && !TextExtensions.Contains(ext)))
                reasons[i] = $"{(ext.Length > 0 ? ext : part.Type)}类型的文件不能转换为PDF，未合并";
            else if (job.Soffice is null) reasons[i] = "服务器未安装 LibreOffice，Word、Excel 等文件未转换为PDF";
            else
            {
                toConvert.Add(i);
                budget -= info.Length;
            }
        }
        if (toConvert.Count > 0) Convert(job, toConvert, pdfs, reasons);

        // Each PDF is checked before any of its pages is copied; a part that still fails mid-copy is left out and the file is written again.
        var checkedPages = new int[n];
        var total = 0;
        for (var i = 0; i < n; i++)
        {
            if (pdfs[i] is not { } path) continue;
            var (pages, reason) = Check(path, limits);
            if (reason is null && total + pages > job.MaxPages) reason = $"本指标合并PDF已达 {job.MaxPages} 页的上限，未合并";
            if (reason is not null)
            {
                reasons[i] = reason;
                pdfs[i] = null;
                continue;
            }
            checkedPages[i] = pages;
            total += pages;
        }
        while (true)
        {
            try
            {
                return Write(job, pdfs, checkedPages, reasons, limits);
            }
            catch (PartFailed ex)
            {
                reasons[ex.Index] = ex.Message;
                pdfs[ex.Index] = null;
            }
        }
    }

    private static string Extension(PdfMergePart part)
    {
        var ext = part.Extension.TrimStart('.').ToLowerInvariant();
        return ext.Length is > 0 and <= 5 && ext.All(char.IsAsciiLetterOrDigit) ? ext : "";
    }

    private static void Convert(PdfMergeJob job, List<int> indexes, string?[] pdfs, string?[] reasons)
    {
        var input = Path.Combine(job.WorkDirectory, "in");
        var output = Path.Combine(job.WorkDirectory, "out");
        Directory.CreateDirectory(input);
        var names = new List<string>();
        foreach (var i in indexes)
        {
            var part = job.Parts[i];
            var ext = Extension(part);
            if (ext.Length == 0) ext = part.Type switch { "ole" => "doc", "text" => "txt", var t => t };
            var copy = Path.Combine(input, $"{i:D4}.{ext}");
            File.Copy(part.Path, copy, overwrite: true);
            names.Add(copy);
        }
        var limit = TimeSpan.FromSeconds((double)job.ConvertSecondsPerFile * indexes.Count);
        var made = OfficeToPdf.Convert(job.Soffice!, names, output, job.ProfileDirectory ?? Path.Combine(job.WorkDirectory, "profile"), limit, out var timedOut);
        for (var k = 0; k < indexes.Count; k++)
        {
            if (made[k] is { } pdf) pdfs[indexes[k]] = pdf;
            else reasons[indexes[k]] = timedOut
                ? $"LibreOffice 转换超过 {limit.TotalSeconds:0} 秒的时间上限，未转换为PDF"
                : "LibreOffice 未能将文件转换为PDF（文件可能已损坏、加密或格式不受支持）";
        }
    }

    /// <summary>Pages of a PDF that opens, is not encrypted and whose every page reads; otherwise the reason.</summary>
    private static (int Pages, string? Reason) Check(string path, ReadLimits limits)
    {
        try
        {
            var bytes = File.ReadAllBytes(path);
            PdfPageTree.CheckDepth(bytes, limits.MaxPdfDepth);
            using var doc = PdfDocument.Open(bytes, Options(limits));
            if (doc.IsEncrypted) return (0, "PDF文件已加密（有密码保护），不能合并");
            var pages = doc.NumberOfPages;
            if (pages == 0) return (0, "PDF文件没有页面");
            if (pages > limits.MaxPdfPages) return (0, $"PDF文件超过 {limits.MaxPdfPages} 页的上限，未合并");
            for (var p = 1; p <= pages; p++) _ = doc.GetPage(p);
            return (pages, null);
        }
        catch (DocumentReadException ex)
        {
            return (0, ex.Message);
        }
        catch (PdfDocumentStackDepthException)
        {
            return (0, $"PDF文件结构嵌套超过 {limits.MaxPdfDepth} 层的上限，已拒绝读取");
        }
        catch (Exception ex) when (ex.GetType().Name.Contains("Encrypt", StringComparison.Ordinal))
        {
            return (0, "PDF文件已加密（有密码保护），不能合并");
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or InsufficientExecutionStackException))
        {
            return (0, "PDF文件已损坏，无法读取");
        }
    }

    private static ParsingOptions Options(ReadLimits limits) => new() { MaxStackDepth = limits.MaxPdfDepth };

    private static PdfMergeResult Write(PdfMergeJob job, string?[] pdfs, int[] pages, string?[] reasons, ReadLimits limits)
    {
        var parts = new PdfMergedPart[job.Parts.Count];
        var bookmarks = new List<BookmarkNode>();
        var next = 1;
        if (File.Exists(job.Output)) File.Delete(job.Output);
        var stream = new FileStream(job.Output, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        var written = false;
        try
        {
            using (var builder = new PdfDocumentBuilder(stream, disposeStream: false))
            {
                for (var i = 0; i < job.Parts.Count; i++)
                {
                    if (pdfs[i] is not { } path)
                    {
                        parts[i] = new PdfMergedPart(false, 0, 0, reasons[i] ?? "未合并");
                        continue;
                    }
                    try
                    {
                        using var doc = PdfDocument.Open(File.ReadAllBytes(path), Options(limits));
                        for (var p = 1; p <= pages[i]; p++) builder.AddPage(doc, p);
                    }
                    catch (Exception ex) when (ex is not (OutOfMemoryException or InsufficientExecutionStackException))
                    {
                        throw new PartFailed(i, "复制PDF页面时出错（文件可能已损坏），未合并");
                    }
                    bookmarks.Add(new DocumentBookmarkNode(job.Parts[i].Title, 0,
                        new ExplicitDestination(next, ExplicitDestinationType.FitPage, ExplicitDestinationCoordinates.Empty), []));
                    parts[i] = new PdfMergedPart(true, next, pages[i], null);
                    next += pages[i];
                }
                if (next > 1)
                {
                    builder.Bookmarks = new Bookmarks(bookmarks);
                    builder.DocumentInformation.Producer = "Shifan";
                    builder.Build();
                    written = true;
                }
            }
            stream.Flush(flushToDisk: true);
        }
        finally
        {
            stream.Dispose();
            if (!written) File.Delete(job.Output);
        }
        return new PdfMergeResult(next - 1, parts);
    }
}
