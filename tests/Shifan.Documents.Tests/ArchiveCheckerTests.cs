using System.IO.Compression;
using System.Text;
using Shifan.Core.Packages;
using Shifan.Documents.Packages;

namespace Shifan.Documents.Tests;

/// <summary>The DA/T 70 four-property check names, per file, what is wrong: a changed byte, a gap in the numbering, missing metadata, an encrypted PDF, macros, a 密级 mark.</summary>
public class ArchiveCheckerTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static PackageFile File(string path, string code, int no, string title, string type, byte[] bytes, string approvedBy = "office1")
    {
        var (sha, sm3) = PackageHash.Of(bytes);
        return new PackageFile(path, "一", code, "指标", no, "要求", 1, title, "blob", 1, path, type, bytes.Length, sha, sm3, "行政审批科", "lead1", At, approvedBy, approvedBy.Length > 0 ? At : null, null);
    }

    private static byte[] Docm()
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in new[]
                     {
                         ("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
                         ("word/document.xml", "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"/>"),
                         ("word/vbaProject.bin", "macro"),
                     })
            {
                using var s = zip.CreateEntry(name).Open();
                s.Write(Encoding.UTF8.GetBytes(content));
            }
        }
        return output.ToArray();
    }

    [Fact]
    public async Task ReportsEachPropertyPerFile()
    {
        var good = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
        var encrypted = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<</Encrypt 5 0 R>>\n%%EOF\n");
        var changed = (byte[])good.Clone();
        var docm = Docm();
        var files = new List<PackageFile>
        {
            File("a/1-1-方案.pdf", "1", 1, "方案", "pdf", good),
            File("a/1-3-总结.pdf", "1", 3, "总结", "pdf", good),            // 材料2 is missing: a gap in indicator 1
            File("b/2-1-加密.pdf", "2", 1, "加密", "pdf", encrypted),
            File("b/2-2-宏.docx", "2", 2, "宏", "docx", docm),
            File("b/2-3-未审核.pdf", "2", 3, "未审核", "pdf", good, approvedBy: ""),
            File("b/2-4-机密★文件.pdf", "2", 4, "机密★文件", "pdf", good),
            File("b/2-5-被改动.pdf", "2", 5, "被改动", "pdf", changed),
            File("b/2-6-打不开.pdf", "2", 6, "打不开", "pdf", good),
        };
        changed[10] ^= 1; // after the manifest recorded its hash
        var manifest = new PackageManifest(1, "活动", "某县", 1, At, "office1", "指标体系", 1, files, [], []);
        var blobs = new Dictionary<string, byte[]>
        {
            ["a/1-1-方案.pdf"] = good, ["a/1-3-总结.pdf"] = good, ["b/2-1-加密.pdf"] = encrypted, ["b/2-2-宏.docx"] = docm,
            ["b/2-3-未审核.pdf"] = good, ["b/2-4-机密★文件.pdf"] = good, ["b/2-5-被改动.pdf"] = changed, ["b/2-6-打不开.pdf"] = good,
        };
        var checks = await ArchiveChecker.CheckAsync(manifest, f => new MemoryStream(blobs[f.Path], writable: false),
            f => f.Path.Contains("打不开") ? "PDF 结构损坏" : null);

        Assert.Equal(files.Count, checks.Count);
        ArchiveFileCheck Of(string title) => checks.Single(c => c.Title == title);
        Assert.Contains("缺材料2", Of("方案").Integrity);
        Assert.True(Of("方案").Authentic && Of("方案").Usable && Of("方案").Secure);
        Assert.Contains("PDF 已加密", Of("加密").Security);
        Assert.Contains("含宏", Of("宏").Security);
        Assert.True(Of("宏").Usable, Of("宏").Usability);
        Assert.Contains("缺审核人", Of("未审核").Integrity);
        Assert.Contains("密级", Of("机密★文件").Security);
        Assert.Contains("SHA-256", Of("被改动").Authenticity);
        Assert.Contains("上传时无法打开", Of("打不开").Usability);
        Assert.True(checks.Where(c => c.Path.StartsWith("b/")).All(c => c.Complete || c.Title == "未审核"), "indicator 2 is numbered 1 to 6 without gaps");

        // The same report as a second sheet of manifest.xlsx.
        using var xlsx = new MemoryStream();
        PackageManifestXlsx.Write(xlsx, manifest, checks);
        using var book = new ZipArchive(new MemoryStream(xlsx.ToArray()));
        using var reader = new StreamReader(book.GetEntry("xl/workbook.xml")!.Open());
        Assert.Contains(PackageManifestXlsx.CheckSheet, await reader.ReadToEndAsync());
    }
}
