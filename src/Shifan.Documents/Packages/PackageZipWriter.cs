using System.IO.Compression;
using System.Text;
using Shifan.Core;
using Shifan.Core.Packages;
using Shifan.Documents.Export;

namespace Shifan.Documents.Packages;

/// <summary>
/// Writes a package as a .zip to any stream, the HTTP response included (no seeking): every file of the
/// manifest in its indicator folder, copied through one pooled buffer and stored uncompressed (evidence
/// is PDF, images and Office files, compressed already), then each indicator's merged PDF when given
/// (<see cref="IndicatorPdf"/>, made at build time), manifest.json (the frozen bytes), manifest.xlsx and 目录.docx. Entries carry the freeze time, so two builds of one freeze hold the same files.
/// </summary>
public static class PackageZipWriter
{
    public const string ManifestXlsx = "manifest.xlsx";
    public const string ContentsDocx = "目录.docx";

    /// <summary>Names the package holds besides the manifest's files.</summary>
    public static IReadOnlySet<string> Generated { get; } = new HashSet<string> { PackageManifest.FileName, ManifestXlsx, ContentsDocx };

    /// <summary>Whether <paramref name="name"/> is a part a build adds to a package of <paramref name="manifest"/>: the fixed ones, or an indicator's merged PDF.</summary>
    public static Func<string, bool> IsGenerated(PackageManifest manifest)
    {
        var merged = IndicatorPdf.Plan(manifest).Select(p => p.Path).ToHashSet(StringComparer.Ordinal);
        return name => Generated.Contains(name) || merged.Contains(name);
    }

    private const int BufferSize = 1 << 20;

    /// <param name="checks">The DA/T 70 four-property report, written as a second sheet of manifest.xlsx when given.</param>
    /// <param name="merged">The indicators' merged PDFs (those with a file go in the zip), listed in manifest.xlsx and 目录.docx when given.</param>
    public static async Task WriteAsync(Stream output, PackageManifest manifest, string manifestJson,
        Func<PackageFile, Stream> openBlob, CancellationToken ct = default, IReadOnlyList<ArchiveFileCheck>? checks = null,
        IReadOnlyList<IndicatorPdf>? merged = null)
    {
        var stamp = ChinaTime.ToChina(manifest.FrozenAt);
        var target = new AsyncWriteStream(output);
        var archive = await ZipArchive.CreateAsync(target, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, ct);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            async Task AddAsync(string name, Func<Stream> open, CompressionLevel level)
            {
                var entry = archive.CreateEntry(name, level);
                entry.LastWriteTime = stamp;
                await using var into = await entry.OpenAsync(ct);
                await using var source = open();
                int read;
                while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), ct)) > 0)
                    await into.WriteAsync(buffer.AsMemory(0, read), ct);
            }

            foreach (var file in manifest.Files)
            {
                var f = file;
                await AddAsync(f.Path, f.Source == "text" ? () => new MemoryStream(Encoding.UTF8.GetBytes(f.Text ?? "")) : () => openBlob(f), CompressionLevel.NoCompression);
            }
            foreach (var pdf in merged ?? [])
                if (pdf.File is { } local)
                    await AddAsync(pdf.Path, () => new FileStream(local, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan), CompressionLevel.NoCompression);
            await AddAsync(PackageManifest.FileName, () => new MemoryStream(Encoding.UTF8.GetBytes(manifestJson)), CompressionLevel.Optimal);
            await AddAsync(ManifestXlsx, () => InMemory(s => PackageManifestXlsx.Write(s, manifest, checks, merged)), CompressionLevel.NoCompression);
            await AddAsync(ContentsDocx, () => InMemory(s => PackageContentsDocxWriter.Write(s, manifest, merged)), CompressionLevel.NoCompression);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
        await archive.DisposeAsync();
        await target.FlushAsync(ct);
    }

    /// <summary>The Office parts need a seekable stream; they are small (one row per file), so they are built in memory.</summary>
    private static MemoryStream InMemory(Action<Stream> write)
    {
        var ms = new MemoryStream();
        write(ms);
        ms.Position = 0;
        return ms;
    }
}

/// <summary>manifest.xlsx: one row per file of the package.</summary>
public static class PackageManifestXlsx
{
    public static readonly string[] Header =
        ["文件", "一级指标", "指标编号", "指标", "材料序号", "材料要求", "材料名称", "原文件名", "类型", "大小（字节）", "SHA-256", "SM3", "单位", "上传人", "上传时间", "审核人", "审核通过时间"];

    public static readonly string[] CheckHeader = ["序号", "文件", "材料名称", "真实性", "完整性", "可用性", "安全性", "结论"];

    // Not "DA/T": an Excel sheet name may not hold / \ ? * [ ] : (Excel repairs the file); the full-width ／ reads the same.
    public const string CheckSheet = "四性检测（DA／T 70）";

    public static readonly string[] MergeHeader = ["指标编号", "指标", "合并PDF", "材料文件", "书签", "结果", "起始页", "页数", "原因"];

    public const string MergeSheet = "合并PDF";

    public const string MergedMark = "已合并";
    public const string NotConvertedMark = "未转换";

    public static void Write(Stream output, PackageManifest m, IReadOnlyList<ArchiveFileCheck>? checks = null, IReadOnlyList<IndicatorPdf>? merged = null)
    {
        var files = ("申报材料清单", (IReadOnlyList<string>)Header, m.Files.Select(f => (IReadOnlyList<string>)
        [
            f.Path, f.AreaCode, f.IndicatorCode, f.IndicatorTitle, f.MaterialNo.ToString(), f.RequirementText, f.Title, f.OriginalName, f.Type, f.Size.ToString(),
            f.Sha256, f.Sm3, f.Unit, f.UploadedBy, ChinaTime.ToChina(f.UploadedAt).ToString("yyyy-MM-dd HH:mm"), f.ApprovedBy,
            f.ApprovedAt is { } at ? ChinaTime.ToChina(at).ToString("yyyy-MM-dd HH:mm") : "",
        ]));
        static string Cell(string note) => note.Length == 0 ? "通过" : note;
        var sheets = new List<(string, IReadOnlyList<string>, IEnumerable<IReadOnlyList<string>>)> { files };
        if (checks is not null)
            sheets.Add((CheckSheet, CheckHeader, checks.Select(c => (IReadOnlyList<string>)
                [c.No.ToString(), c.Path, c.Title, Cell(c.Authenticity), Cell(c.Integrity), Cell(c.Usability), Cell(c.Security), c.Passed ? "通过" : "不通过"])));
        if (merged is not null)
            sheets.Add((MergeSheet, MergeHeader, merged.SelectMany(p => p.Parts.Select(part => (IReadOnlyList<string>)
            [
                p.IndicatorCode, p.IndicatorTitle, p.File is null ? "（未生成）" : p.Path, part.FilePath, part.Title, part.Merged ? MergedMark : NotConvertedMark,
                part.Merged ? part.FirstPage.ToString() : "", part.Merged ? part.Pages.ToString() : "", part.Reason ?? "",
            ]))));
        SimpleXlsxWriter.Write(output, sheets);
    }
}
