using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using Shifan.Documents.Export;
using Shifan.TestSupport;
using UglyToad.PdfPig;

namespace Shifan.Documents.Tests;

/// <summary>The exported 任务分解表 prints as the office files it (A4 landscape, header on every page, all columns on the page width) and opens cleanly.</summary>
public class FrameworkXlsxPrintTests
{
    private static byte[] Export(string format)
    {
        using var ms = new MemoryStream();
        FrameworkWriters.Write(Samples.Sample(), format, ms);
        return ms.ToArray();
    }

    [Theory]
    [InlineData("xlsx")]
    [InlineData("docx")]
    public void TheExportIsValidOpenXml(string format)
    {
        using var ms = new MemoryStream(Export(format));
        using OpenXmlPackage doc = format == "xlsx" ? SpreadsheetDocument.Open(ms, false) : WordprocessingDocument.Open(ms, false);
        var errors = new OpenXmlValidator(FileFormatVersions.Office2019).Validate(doc).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(10)));
    }

    [Fact]
    public void TheWorkbookCarriesItsPrintSetupAndFonts()
    {
        using var ms = new MemoryStream(Export("xlsx"));
        using var doc = SpreadsheetDocument.Open(ms, false);
        var sheet = doc.WorkbookPart!.WorksheetParts.Single().Worksheet;
        var setup = sheet.GetFirstChild<PageSetup>()!;
        Assert.Equal(9u, setup.PaperSize!.Value);
        Assert.Equal(OrientationValues.Landscape, setup.Orientation!.Value);
        Assert.Equal(1u, setup.FitToWidth!.Value);
        Assert.Equal(0u, setup.FitToHeight!.Value);
        Assert.True(sheet.GetFirstChild<SheetProperties>()!.PageSetupProperties!.FitToPage!.Value);
        var titles = doc.WorkbookPart.Workbook.DefinedNames!.Elements<DefinedName>().Single(d => d.Name == "_xlnm.Print_Titles");
        Assert.Equal("'任务分解表'!$2:$2", titles.Text);
        Assert.Equal(0u, titles.LocalSheetId!.Value);
        var fonts = doc.WorkbookPart.WorkbookStylesPart!.Stylesheet.Fonts!.Elements<Font>().Select(f => f.GetFirstChild<FontName>()!.Val!.Value!).ToList();
        var formats = doc.WorkbookPart.WorkbookStylesPart.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        string FontOfRow(int row) => fonts[(int)formats[(int)sheet.Descendants<Row>().ElementAt(row).Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().First().StyleIndex!.Value].FontId!.Value];
        Assert.Equal("宋体", FontOfRow(0));
        Assert.Equal("宋体", FontOfRow(1));
        Assert.Equal("仿宋", FontOfRow(2));
    }

    [Fact]
    public async Task LibreOfficePrintsItOnA4LandscapeWithTheHeaderOnEveryPage()
    {
        using var dir = new TempDirectory();
        var path = dir.File("任务分解表.xlsx");
        await File.WriteAllBytesAsync(path, Export("xlsx"));
        var pdf = await LibreOffice.ConvertToPdfAsync(path, dir.Path);
        // SHIFAN_KEEP_RENDERS=DIR keeps the PDF for a look by eye.
        if (Environment.GetEnvironmentVariable("SHIFAN_KEEP_RENDERS") is { Length: > 0 } keep) File.Copy(pdf, Path.Combine(keep, "任务分解表-xlsx.pdf"), overwrite: true);
        using var doc = PdfDocument.Open(pdf);
        var pages = doc.GetPages().ToList();
        Assert.True(pages.Count >= 3, $"only {pages.Count} page(s): the 93 indicators of the demo table do not fit on one page");
        foreach (var page in pages)
        {
            // A4 landscape: 297 × 210 mm = 841.9 × 595.3 pt.
            Assert.InRange(page.Width, 840, 844);
            Assert.InRange(page.Height, 593, 597);
            var text = string.Concat(page.GetWords().Select(w => w.Text));
            // The header on every page, with its first and last column: the whole width on one page.
            Assert.Contains("一级指标", text);
            Assert.Contains("情况说明内容", text);
        }
        var all = string.Concat(pages.Select(p => string.Concat(p.GetWords().Select(w => w.Text))));
        Assert.Contains("全面普及行政审批服务", all);
    }
}
