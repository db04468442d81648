using System.Text;
using System.Text.RegularExpressions;
using Shifan.Documents.Export;
using Shifan.Documents.Packages;
using Shifan.TestSupport;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Outline;
using UglyToad.PdfPig.Writer;

namespace Shifan.Documents.Tests;

/// <summary>
/// One indicator's merged PDF: the parts' pages in order with a bookmark per part; parts that cannot be merged
/// (damaged, encrypted, a type nothing converts, Office files without LibreOffice) listed with the reason.
/// </summary>
public sealed class IndicatorPdfMergerTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "shifan-merge-" + Guid.NewGuid().ToString("N"));

    public IndicatorPdfMergerTests() => Directory.CreateDirectory(dir);

    public void Dispose()
    {
        try { Directory.Delete(dir, true); } catch (IOException) { }
    }

    internal static byte[] Pdf(params string[] pageTexts)
    {
        using var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var text in pageTexts) builder.AddPage(PageSize.A4).AddText(text, 12, new PdfPoint(72, 720), font);
        return builder.Build();
    }

    /// <summary>A valid PDF whose trailer names a standard security handler whose keys no password opens.</summary>
    internal static byte[] EncryptedPdf()
    {
        var text = Encoding.Latin1.GetString(Pdf("SECRET"));
        var hex = new string('A', 64);
        var at = Regex.Match(text, @"trailer\s*<<");
        Assert.True(at.Success, "the built PDF has a classic trailer");
        text = text[..(at.Index + at.Length)] + $" /Encrypt << /Filter /Standard /V 1 /R 2 /O <{hex}> /U <{hex}> /P -44 >> " + text[(at.Index + at.Length)..];
        return Encoding.Latin1.GetBytes(text);
    }

    private PdfMergePart Part(string name, byte[] bytes, string type)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllBytes(path, bytes);
        return new PdfMergePart(path, Path.GetFileNameWithoutExtension(name), type, Path.GetExtension(name));
    }

    private static string Text(Page page) => string.Concat(page.Letters.Select(l => l.Value));

    [Fact]
    public void MergesThePartsInOrderWithABookmarkEachAndListsWhatItCannotMerge()
    {
        var output = Path.Combine(dir, "merged.pdf");
        var job = new PdfMergeJob
        {
            Output = output, WorkDirectory = Path.Combine(dir, "work"), Soffice = null,
            Parts =
            [
                Part("1-1-first.pdf", Pdf("A1", "A2"), "pdf"),
                Part("1-2-damaged.pdf", Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"), "pdf"),
                Part("1-3-second.pdf", Pdf("B1", "B2", "B3"), "pdf"),
                Part("1-4-locked.pdf", EncryptedPdf(), "pdf"),
                Part("1-5-plan.docx", [0x50, 0x4B, 0x03, 0x04], "docx"),
                Part("1-6-archive.zip", [0x50, 0x4B, 0x05, 0x06], "zip"),
                Part("1-7-third.pdf", Pdf("C1"), "pdf"),
            ],
        };
        var result = IndicatorPdfMerger.Merge(job);

        Assert.Equal(6, result.Pages);
        Assert.Equal([true, false, true, false, false, false, true], result.Parts.Select(p => p.Merged));
        Assert.Equal([1, 3, 6], result.Parts.Where(p => p.Merged).Select(p => p.FirstPage));
        Assert.Contains("已损坏", result.Parts[1].Reason);
        Assert.Contains("加密", result.Parts[3].Reason);
        Assert.Contains("未安装 LibreOffice", result.Parts[4].Reason);
        Assert.Contains("不能转换", result.Parts[5].Reason);

        using var merged = PdfDocument.Open(output);
        Assert.Equal(6, merged.NumberOfPages);
        Assert.Equal(["A1", "A2", "B1", "B2", "B3", "C1"], merged.GetPages().Select(Text));
        Assert.True(merged.TryGetBookmarks(out var bookmarks));
        var nodes = bookmarks.Roots.Cast<DocumentBookmarkNode>().ToList();
        Assert.Equal(["1-1-first", "1-3-second", "1-7-third"], nodes.Select(n => n.Title));
        Assert.Equal([1, 3, 6], nodes.Select(n => n.PageNumber));
    }

    [Fact]
    public void WritesNoFileWhenNothingCanBeMergedAndKeepsWithinTheSizeLimit()
    {
        var output = Path.Combine(dir, "none.pdf");
        var result = IndicatorPdfMerger.Merge(new PdfMergeJob
        {
            Output = output, WorkDirectory = Path.Combine(dir, "work"), MaxBytes = 1,
            Parts = [Part("2-1-big.pdf", Pdf("X"), "pdf")],
        });
        Assert.Equal(0, result.Pages);
        Assert.False(File.Exists(output));
        Assert.Contains("上限", result.Parts[0].Reason);
    }

    [Fact]
    public async Task ConvertsWordThroughLibreOfficeBetweenPdfs()
    {
        var soffice = LibreOffice.Require();
        var docx = Path.Combine(dir, "1-2-plan.docx");
        await using (var f = File.Create(docx)) ExplanationDocxWriter.Write(f, "Work plan", "Paragraph one.\nParagraph two.", "Office", new DateOnly(2026, 1, 5));
        OoxmlValidity.AssertValid(docx);
        // The same Word file rendered on its own, to count its pages independently of the merge.
        var alone = await LibreOffice.ConvertToPdfAsync(docx, Path.Combine(dir, "alone"));
        int wordPages;
        using (var d = PdfDocument.Open(alone)) wordPages = d.NumberOfPages;

        var output = Path.Combine(dir, "merged.pdf");
        var result = IndicatorPdfMerger.Merge(new PdfMergeJob
        {
            Output = output, WorkDirectory = Path.Combine(dir, "work"), Soffice = soffice, ConvertSecondsPerFile = 180,
            Parts = [Part("1-1-first.pdf", Pdf("A1"), "pdf"), new PdfMergePart(docx, "1-2-plan", "docx", ".docx"), Part("1-3-last.pdf", Pdf("Z1"), "pdf")],
        });
        Assert.True(result.Parts.All(p => p.Merged), string.Join("; ", result.Parts.Select(p => p.Reason)));
        using var merged = PdfDocument.Open(output);
        Assert.Equal(2 + wordPages, merged.NumberOfPages);
        Assert.Contains("Work plan", Text(merged.GetPage(2)));
        Assert.Equal("Z1", Text(merged.GetPage(2 + wordPages)));
        Assert.True(merged.TryGetBookmarks(out var bookmarks));
        Assert.Equal([1, 2, 2 + wordPages], bookmarks.Roots.Cast<DocumentBookmarkNode>().Select(n => n.PageNumber));
    }
}
