using System.IO.Compression;
using System.Net;
using System.Text;
using Shifan.Cli;
using Shifan.Core;
using Shifan.Core.Packages;
using Shifan.Documents.Export;
using Shifan.TestSupport;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Outline;

namespace Shifan.Web.Tests;

/// <summary>
/// The demo package carries one merged PDF per indicator, made in the untrusted-file worker: its pages are the
/// materials' pages (each counted by converting it on its own), a bookmark per material; a damaged PDF in the
/// evidence is listed as not converted with the reason, and the package still builds and verifies. A newer build
/// of a freeze replaces the older cached one.
/// </summary>
public class PackageMergedPdfTests
{
    private static string Stem(string path) => Path.GetFileNameWithoutExtension(path.Split('/')[^1]);

    private static byte[] Read(ZipArchive zip, string name)
    {
        using var s = zip.GetEntry(name)!.Open();
        var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }

    private static string AllText(byte[] officeFile)
    {
        using var parts = new ZipArchive(new MemoryStream(officeFile));
        var sb = new StringBuilder();
        foreach (var e in parts.Entries.Where(e => e.FullName.EndsWith(".xml")))
            using (var r = new StreamReader(e.Open())) sb.Append(r.ReadToEnd());
        return sb.ToString();
    }

    private static async Task<int> PagesConvertedAloneAsync(string file)
    {
        var pdf = await LibreOffice.ConvertToPdfAsync(file, Path.Combine(Path.GetDirectoryName(file)!, "alone"));
        using var doc = PdfDocument.Open(pdf);
        return doc.NumberOfPages;
    }

    [Fact]
    public async Task EachIndicatorHasAMergedPdfWithABookmarkPerMaterialAndADamagedPdfIsListedAsNotConverted()
    {
        LibreOffice.Require();
        var s = await PackageTests.SetUpAsync("sqlite");
        await using var _ = s.App;
        Assert.Equal(HttpStatusCode.Created, (await s.Office.PostAsync($"/api/campaigns/{s.Campaign}/packages", null)).StatusCode);
        // A cached build of freeze 1 as the version before merged PDFs named it: the new build replaces it.
        var cache = Path.Combine(s.App.DataDirectory, "packages", s.Campaign.ToString());
        Directory.CreateDirectory(cache);
        var older = Path.Combine(cache, "1-0123456789abcdef.zip");
        await File.WriteAllBytesAsync(older, [1, 2, 3], TestContext.Current.CancellationToken);

        var response = await s.Office.GetAsync($"/api/campaigns/{s.Campaign}/packages/1/download", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.False(File.Exists(older));
        Assert.Single(Directory.GetFiles(cache, "*.zip"));
        Assert.False(Directory.Exists(Path.Combine(s.App.DataDirectory, "packages", ".work")) && Directory.EnumerateFileSystemEntries(Path.Combine(s.App.DataDirectory, "packages", ".work")).Any());

        using var zip = new ZipArchive(new MemoryStream(bytes));
        var manifest = PackageManifest.FromJson(Encoding.UTF8.GetString(Read(zip, PackageManifest.FileName)));
        var plan = IndicatorPdf.Plan(manifest);
        var merged = zip.Entries.Where(e => e.FullName.EndsWith(IndicatorPdf.Suffix)).Select(e => e.FullName).ToHashSet();
        // Every indicator with a demo Word plan has its merged PDF in its folder, and nothing else is named so.
        var withWord = plan.Where(p => p.Files.Any(f => f.Type == "docx")).ToList();
        Assert.NotEmpty(withWord);
        Assert.All(withWord, p => Assert.Contains(p.Path, merged));
        Assert.Subset(plan.Select(p => p.Path).ToHashSet(), merged);

        // The indicator of the scene's PDF (damaged: no page tree), or else the first with a Word plan: every other
        // material merged, in manifest order, each part as many pages as it has converted on its own.
        var checkedOne = plan.FirstOrDefault(p => p.Files.Any(f => f.ItemId == s.Item) && merged.Contains(p.Path)).Path ?? withWord[0].Path;
        var indicator = plan.Single(p => p.Path == checkedOne);
        var work = Path.Combine(s.App.DataDirectory, "alone-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        var expected = new List<(string Title, int Pages)>();
        foreach (var f in indicator.Files.Where(f => f.ItemId != s.Item))
        {
            var local = Path.Combine(work, $"{expected.Count}.docx");
            if (f.Source == "text")
                await using (var file = File.Create(local)) ExplanationDocxWriter.Write(file, f.Title, f.Text ?? "", f.Unit, ChinaTime.DateOf(f.ApprovedAt ?? f.UploadedAt));
            else
            {
                Assert.Equal("docx", f.Type);
                await File.WriteAllBytesAsync(local, Read(zip, f.Path), TestContext.Current.CancellationToken);
            }
            expected.Add((Stem(f.Path), await PagesConvertedAloneAsync(local)));
        }
        using (var pdf = PdfDocument.Open(Read(zip, indicator.Path)))
        {
            Assert.Equal(expected.Sum(e => e.Pages), pdf.NumberOfPages);
            Assert.True(pdf.TryGetBookmarks(out var bookmarks));
            var nodes = bookmarks.Roots.Cast<DocumentBookmarkNode>().ToList();
            Assert.Equal(expected.Select(e => e.Title), nodes.Select(n => n.Title));
            Assert.Equal(expected.Select((e, i) => 1 + expected.Take(i).Sum(x => x.Pages)), nodes.Select(n => n.PageNumber));
        }

        // The scene's damaged PDF: listed as not converted with the reason, in manifest.xlsx and in 目录.docx.
        var damaged = manifest.Files.Single(f => f.ItemId == s.Item);
        var sheet = AllText(Read(zip, "manifest.xlsx"));
        Assert.Contains("合并PDF", sheet);
        Assert.Contains(damaged.Path, sheet);
        Assert.Contains("PDF文件已损坏，无法读取", sheet);
        Assert.Contains("已合并", sheet);
        Assert.Contains("未转换：PDF文件已损坏，无法读取", AllText(Read(zip, "目录.docx")));

        // The package with its merged PDFs verifies; a stray file named like one outside an indicator folder does not.
        var path = Path.Combine(s.App.DataDirectory, "merged.zip");
        await File.WriteAllBytesAsync(path, bytes, TestContext.Current.CancellationToken);
        var stdout = new StringWriter();
        var exit = await CommandLine.RunAsync(["package", "verify", path, "--data", s.App.DataDirectory, "--database", s.App.ConnectionString], stdout, new StringReader(""), new StringWriter());
        Assert.True(exit == 0, stdout.ToString());
        using (var extra = new ZipArchive(File.Open(path, FileMode.Open), ZipArchiveMode.Update))
            using (var w = extra.CreateEntry("伪造" + IndicatorPdf.Suffix).Open()) w.Write([1, 2, 3]);
        stdout = new StringWriter();
        Assert.Equal(1, await CommandLine.RunAsync(["package", "verify", path, "--data", s.App.DataDirectory, "--database", s.App.ConnectionString], stdout, new StringReader(""), new StringWriter()));
        Assert.Contains("伪造" + IndicatorPdf.Suffix, stdout.ToString());
    }
}
