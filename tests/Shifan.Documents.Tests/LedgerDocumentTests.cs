using DocumentFormat.OpenXml.Packaging;
using Shifan.Documents.Ledgers;
using Shifan.TestSupport;
using UglyToad.PdfPig;

namespace Shifan.Documents.Tests;

/// <summary>The 工作台账 forms render in LibreOffice as the office prints them: A4 landscape, Chinese text, the header on every page.</summary>
public class LedgerDocumentTests
{
    private static LedgerSheet Long(string unit, int rows = 60) => new(
        "示范区教育体育系统创建全国法治政府建设示范市工作台账（2026年11月）", unit, "2026年12月3日", "张三", "13800000000", "已由单位负责人确认",
        Enumerable.Range(1, rows).Select(i => new LedgerSheetRow(i.ToString(), $"第{i}项指标：依法全面履行政府职能，推进政务服务标准化规范化便利化",
            "网络检索、材料查证", $"已上报{i % 4}件：\n1. 关于印发第{i}项工作方案的通知\n2. 工作台账截图",
            i % 3 == 0 ? "已完成：制度文件已印发并在门户网站公开" : "正在推进：正在收集整理相关材料，预计下月完成", "张三 13800000000")).ToList());

    private static async Task<(int Pages, bool Landscape, List<string> Texts)> RenderAsync(string path, string dir)
    {
        var pdf = await LibreOffice.ConvertToPdfAsync(path, dir);
        // SHIFAN_KEEP_RENDERS=DIR keeps the PDFs for a look by eye.
        if (Environment.GetEnvironmentVariable("SHIFAN_KEEP_RENDERS") is { Length: > 0 } keep)
        {
            File.Copy(path, Path.Combine(keep, Path.GetFileName(path)), overwrite: true);
            File.Copy(pdf, Path.Combine(keep, Path.GetFileNameWithoutExtension(path) + "-" + Path.GetExtension(path).TrimStart('.') + ".pdf"), overwrite: true);
        }
        using var doc = PdfDocument.Open(pdf);
        var pages = doc.GetPages().ToList();
        return (pages.Count, pages.All(p => p.Width > p.Height), pages.Select(p => string.Concat(p.GetWords().Select(w => w.Text))).ToList());
    }

    [Fact]
    public async Task UnitLedgerDocxIsLandscapeWithTheHeaderOnEveryPage()
    {
        using var dir = new TempDirectory();
        var path = dir.File("台账.docx");
        await using (var fs = File.Create(path)) LedgerDocxWriter.Write(Long("行政审批科"), fs);
        OoxmlValidity.AssertValid(path);
        var (pages, landscape, texts) = await RenderAsync(path, dir.Path);
        Assert.True(pages >= 2, $"only {pages} page(s)");
        Assert.True(landscape, "pages are not landscape");
        Assert.Contains("工作台账", texts[0]);
        Assert.Contains("责任科室/单位：行政审批科", texts[0]);
        Assert.Contains("填表时间：2026年12月3日", texts[0]);
        Assert.Contains("三级指标", texts[1]);
        Assert.Contains("测评方法", texts[1]);
        Assert.Contains("完成进度", texts[1]);
        Assert.Contains("填报人：张三", texts[^1]);
        Assert.Contains("联系方式：13800000000", texts[^1]);
    }

    [Fact]
    public async Task UnitLedgerXlsxPrintsLandscapeWithTheHeaderRepeated()
    {
        using var dir = new TempDirectory();
        var path = dir.File("台账.xlsx");
        await using (var fs = File.Create(path)) LedgerXlsxWriter.Write(Long("行政审批科"), fs);
        OoxmlValidity.AssertValid(path);
        var (pages, landscape, texts) = await RenderAsync(path, dir.Path);
        Assert.True(pages >= 2, $"only {pages} page(s)");
        Assert.True(landscape, "pages are not landscape");
        Assert.Contains("责任科室/单位：行政审批科", texts[0]);
        Assert.Contains("完成进度", texts[1]);
        Assert.Contains("三级指标", texts[1]);
        Assert.Contains("填报人：张三", string.Concat(texts));
    }

    [Fact]
    public async Task ConsolidatedLedgerHasASummarySheetAndOneSheetPerUnit()
    {
        using var dir = new TempDirectory();
        var path = dir.File("汇总.xlsx");
        var sheets = new[] { Long("行政审批科", 5), Long("财审科", 5), Long("政策法规科：执法监督[股]", 5) };
        var summary = new[]
        {
            new LedgerSummaryRow("行政审批科", "已提交", "2026-12-03 10:00", "已确认", 5, 2, 3, 0, 0, 0),
            new LedgerSummaryRow("财审科", "逾期提交", "2026-12-07 09:00", "", 5, 1, 4, 0, 0, 0),
            new LedgerSummaryRow("政策法规科：执法监督[股]", "逾期未报", "", "", 5, 0, 0, 0, 0, 5),
        };
        await using (var fs = File.Create(path)) LedgerXlsxWriter.WriteConsolidated("工作台账汇总（2026年11月）", summary, sheets, fs);
        OoxmlValidity.AssertValid(path);
        using (var book = SpreadsheetDocument.Open(path, false))
        {
            var names = book.WorkbookPart!.Workbook!.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Select(s => s.Name!.Value).ToList();
            Assert.Equal(["汇总", "行政审批科", "财审科", "政策法规科：执法监督_股_"], names);
        }
        var (pages, landscape, texts) = await RenderAsync(path, dir.Path);
        Assert.True(pages >= 4, $"only {pages} page(s)");
        Assert.True(landscape, "pages are not landscape");
        var all = string.Concat(texts);
        Assert.Contains("逾期未报", texts[0]);
        Assert.Contains("报送情况", texts[0]);
        Assert.Contains("财审科", all);
        Assert.Contains("填报人：张三", all);
    }
}
