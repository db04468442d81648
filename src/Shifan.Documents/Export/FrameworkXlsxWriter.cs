using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Shifan.Documents.Frameworks;

namespace Shifan.Documents.Export;

/// <summary>
/// Writes a framework as an Excel 任务分解表: a title row, the header, one row per indicator or lead unit.
/// It prints the way offices file it: A4 landscape, every column on the page width (as many pages down as it
/// takes), the header row repeated on every page, 宋体 title and header over 仿宋 text.
/// </summary>
public static class FrameworkXlsxWriter
{
    private const string SheetName = "任务分解表";
    private const uint Body = 1, Header = 2, Title = 3;

    /// <summary>Column widths (characters) by header: the long texts wide, the short ones narrow.</summary>
    private static double WidthOf(string header) => header switch
    {
        "序号" => 6,
        "三级指标" => 44,
        "需报送材料" => 50,
        "测评方法" => 10,
        "牵头单位及联系方式" => 22,
        "情况说明内容" => 24,
        _ => 13,
    };

    public static void Write(FrameworkFile file, Stream output)
    {
        using var doc = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var wb = doc.AddWorkbookPart();
        wb.Workbook = new Workbook();
        var styles = wb.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = BuildStyles();
        var sheetPart = wb.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        var header = TaskTableRows.Header;
        var columns = new Columns(header.Select((h, i) => new Column { Min = (uint)i + 1, Max = (uint)i + 1, CustomWidth = true, Width = WidthOf(h) }));
        var rowNo = 1u;
        var title = MakeRow(rowNo++, [string.IsNullOrWhiteSpace(file.Title) ? "任务分解表" : file.Title], Title);
        title.Height = 30;
        title.CustomHeight = true;
        data.Append(title);
        var widths = header.Select(WidthOf).ToList();
        // Wrapped rows get their height here: not every suite measures rows when it opens a file, and a row one line
        // high prints its text cut off.
        foreach (var (cells, style) in TaskTableRows.Build(file).Select(r => ((IReadOnlyList<string>)r, Body)).Prepend((header, Header)))
        {
            var row = MakeRow(rowNo++, cells, style);
            row.Height = Ledgers.LedgerXlsxWriter.RowHeight(cells, widths);
            row.CustomHeight = true;
            data.Append(row);
        }

        var view = new SheetView { WorkbookViewId = 0, TabSelected = true };
        view.Append(new Pane { VerticalSplit = 2, TopLeftCell = "A3", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen });
        // Element order is the schema's: sheetPr, sheetViews, cols, sheetData, mergeCells, printOptions, pageMargins, pageSetup.
        sheetPart.Worksheet = new Worksheet(
            new SheetProperties(new PageSetupProperties { FitToPage = true }),
            new SheetViews(view),
            columns,
            data,
            new MergeCells(new MergeCell { Reference = $"A1:{ColumnName(header.Count)}1" }),
            new PrintOptions { HorizontalCentered = true },
            new PageMargins { Left = 0.4, Right = 0.4, Top = 0.6, Bottom = 0.6, Header = 0.3, Footer = 0.3 },
            // A4 (9), landscape, one page wide and as many pages tall as needed (0).
            new PageSetup { PaperSize = 9, Orientation = OrientationValues.Landscape, FitToWidth = 1, FitToHeight = 0 },
            new HeaderFooter(new OddFooter("&C第 &P 页，共 &N 页")));
        wb.Workbook.Append(new Sheets(new Sheet { Id = wb.GetIdOfPart(sheetPart), SheetId = 1, Name = SheetName }));
        wb.Workbook.Append(new DefinedNames(new DefinedName($"'{SheetName}'!$2:$2") { Name = "_xlnm.Print_Titles", LocalSheetId = 0 }));
        wb.Workbook.Save();
    }

    private static Row MakeRow(uint index, IReadOnlyList<string> values, uint style)
    {
        var row = new Row { RowIndex = index };
        for (var i = 0; i < values.Count; i++)
        {
            row.Append(new Cell
            {
                CellReference = ColumnName(i + 1) + index,
                DataType = CellValues.InlineString,
                StyleIndex = style,
                InlineString = new InlineString(new Text(values[i]) { Space = SpaceProcessingModeValues.Preserve }),
            });
        }
        return row;
    }

    public static string ColumnName(int n)
    {
        var s = "";
        for (; n > 0; n = (n - 1) / 26) s = (char)('A' + (n - 1) % 26) + s;
        return s;
    }

    private static Stylesheet BuildStyles() => new(
        new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "仿宋" }),
            new Font(new FontSize { Val = 11 }, new FontName { Val = "仿宋" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "宋体" }),
            new Font(new Bold(), new FontSize { Val = 16 }, new FontName { Val = "宋体" })),
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
        new Borders(new Border(), new Border(
            new LeftBorder { Style = BorderStyleValues.Thin }, new RightBorder { Style = BorderStyleValues.Thin },
            new TopBorder { Style = BorderStyleValues.Thin }, new BottomBorder { Style = BorderStyleValues.Thin }, new DiagonalBorder())),
        new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 1, BorderId = 1, ApplyFont = true, ApplyBorder = true, ApplyAlignment = true, Alignment = new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top } },
            new CellFormat { FontId = 2, BorderId = 1, ApplyBorder = true, ApplyFont = true, ApplyAlignment = true, Alignment = new Alignment { WrapText = true, Horizontal = HorizontalAlignmentValues.Center, Vertical = VerticalAlignmentValues.Center } },
            new CellFormat { FontId = 3, ApplyFont = true, ApplyAlignment = true, Alignment = new Alignment { Horizontal = HorizontalAlignmentValues.Center, Vertical = VerticalAlignmentValues.Center } }));
}
