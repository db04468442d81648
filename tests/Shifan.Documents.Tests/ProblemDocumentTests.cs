using DocumentFormat.OpenXml.Packaging;
using Shifan.Documents.Problems;
using Shifan.TestSupport;
using UglyToad.PdfPig;

namespace Shifan.Documents.Tests;

/// <summary>The 问题清单 and 整改台账 render in LibreOffice as the office prints them: A4 landscape, title, the header on every page.</summary>
public class ProblemDocumentTests
{
    private static ProblemSheet Sheet(ProblemSheetKind kind, int rows = 40) => new(kind,
        $"某县法治政府建设示范创建{(kind == ProblemSheetKind.List ? "问题清单" : "整改台账")}", "截至2026年12月2日，共40个问题，已销号10个，未销号30个，其中逾期3个",
        Enumerable.Range(1, rows).Select(i => new ProblemSheetRow(i.ToString(), $"{i}. 依法全面履行政府职能，推进政务服务标准化",
            $"第{i}项问题：行政许可事项清单未在门户网站公开，部分事项办理时限与法定时限不一致", i % 3 == 0 ? "督查发现" : "自查自评",
            i % 2 == 0 ? "行政审批科" : "财审科", "在门户网站公开事项清单，逐项核对办理时限并截图留存", "2026-12-31", i % 4 == 0 ? "已销号" : "整改中",
            i % 4 == 0 ? "已公开并核对完毕" : "", i % 4 == 0 ? "1. 事项清单公开截图\n2. 时限核对表" : "", i % 4 == 0 ? "2026-12-20" : "", i % 4 == 0 ? "office1" : "")).ToList());

    private static async Task<(int Pages, bool Landscape, List<string> Texts)> RenderAsync(string path, string dir)
    {
        var pdf = await LibreOffice.ConvertToPdfAsync(path, dir);
        if (Environment.GetEnvironmentVariable("SHIFAN_KEEP_RENDERS") is { Length: > 0 } keep)
            File.Copy(pdf, Path.Combine(keep, Path.GetFileNameWithoutExtension(path) + "-" + Path.GetExtension(path).TrimStart('.') + ".pdf"), overwrite: true);
        using var doc = PdfDocument.Open(pdf);
        var pages = doc.GetPages().ToList();
        return (pages.Count, pages.All(p => p.Width > p.Height), pages.Select(p => string.Concat(p.GetWords().Select(w => w.Text))).ToList());
    }

    [Fact]
    public async Task ProblemListDocxIsLandscapeWithTitleAndTheHeaderOnEveryPage()
    {
        using var dir = new TempDirectory();
        var path = dir.File("问题清单.docx");
        await using (var fs = File.Create(path)) ProblemDocxWriter.Write(Sheet(ProblemSheetKind.List), fs);
        OoxmlValidity.AssertValid(path);
        var (pages, landscape, texts) = await RenderAsync(path, dir.Path);
        Assert.True(pages >= 2, $"only {pages} page(s)");
        Assert.True(landscape, "pages are not landscape");
        Assert.Contains("问题清单", texts[0]);
        Assert.Contains("截至2026年12月2日", texts[0]);
        foreach (var column in new[] { "问题描述", "问题来源", "责任单位", "整改措施", "整改时限" }) Assert.Contains(column, texts[^1]);
        Assert.DoesNotContain("销号人", string.Concat(texts));
        Assert.Contains("—1—", texts[0]);
        Assert.Contains("—2—", texts[1]);
    }

    [Fact]
    public async Task RectificationLedgerDocxAddsHowEachProblemWasClosed()
    {
        using var dir = new TempDirectory();
        var path = dir.File("整改台账.docx");
        await using (var fs = File.Create(path)) ProblemDocxWriter.Write(Sheet(ProblemSheetKind.Ledger), fs);
        OoxmlValidity.AssertValid(path);
        using (var doc = WordprocessingDocument.Open(path, false))
        {
            // GB/T 9704 margins turned with the page: 37 mm and 35 mm at the sides, 28 mm and 26 mm top and bottom.
            var margin = doc.MainDocumentPart!.Document!.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.PageMargin>().Single();
            Assert.Equal((uint)Bulletins.OfficialLayout.Twips(37), margin.Left!.Value);
            Assert.Equal(Bulletins.OfficialLayout.Twips(28), margin.Top!.Value);
        }
        var (pages, landscape, texts) = await RenderAsync(path, dir.Path);
        Assert.True(pages >= 2, $"only {pages} page(s)");
        Assert.True(landscape, "pages are not landscape");
        Assert.Contains("整改台账", texts[0]);
        foreach (var column in new[] { "整改情况", "佐证材料", "销号时间", "销号人" }) Assert.Contains(column, texts[1]);
        // A closed problem's row: when and by whom (a proof title may wrap inside its narrow cell).
        Assert.Contains("2026-12-20", string.Concat(texts));
        Assert.Contains("office1", string.Concat(texts));
    }

    [Fact]
    public async Task BothXlsxFormsPrintLandscapeWithTheHeaderRepeated()
    {
        using var dir = new TempDirectory();
        foreach (var kind in new[] { ProblemSheetKind.List, ProblemSheetKind.Ledger })
        {
            var path = dir.File($"{kind}.xlsx");
            await using (var fs = File.Create(path)) ProblemXlsxWriter.Write(Sheet(kind, 60), fs);
            OoxmlValidity.AssertValid(path);
            var (pages, landscape, texts) = await RenderAsync(path, dir.Path);
            Assert.True(pages >= 2, $"{kind}: only {pages} page(s)");
            Assert.True(landscape, $"{kind}: pages are not landscape");
            Assert.Contains(kind == ProblemSheetKind.List ? "问题清单" : "整改台账", texts[0]);
            Assert.Contains("整改时限", texts[1]);
            Assert.Contains("责任单位", texts[1]);
            if (kind == ProblemSheetKind.Ledger) Assert.Contains("销号人", texts[1]);
        }
    }
}
