using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Shifan.Documents.Frameworks;

namespace Shifan.Documents.Export;

/// <summary>Writes a framework as an Excel 任务分解表: a title row, the header, one row per indicator or lead unit.</summary>
public static class FrameworkXlsxWriter
{
    public static void Write(FrameworkFile file, Stream output)
    {
        using var doc = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var wb = doc.AddWorkbookPart();
        wb.Workbook = new Workbook();
        var styles = wb.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = BuildStyles();
        var sheetPart = wb.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        var columns = new Columns(
            Enumerable.Range(1, TaskTableRows.Header.Count).Select(i => new Column
            {
                Min = (uint)i, Max = (uint)i, CustomWidth = true,
                Width = i switch { 3 => 6, 4 => 50, 6 => 60, 7 => 28, 5 => 12, _ => 16 },
            }));
        var rowNo = 1u;
        data.Append(MakeRow(rowNo++, [file.Title], 2));
        data.Append(MakeRow(rowNo++, TaskTableRows.Header, 2));
        foreach (var r in TaskTableRows.Build(file)) data.Append(MakeRow(rowNo++, r, 1));
        sheetPart.Worksheet = new Worksheet(new SheetViews(new SheetView { WorkbookViewId = 0, TabSelected = true }), columns, data);
        var merge = new MergeCells(new MergeCell { Reference = $"A1:{ColumnName(TaskTableRows.Header.Count)}1" });
        sheetPart.Worksheet.Append(merge);
        wb.Workbook.AppendChild(new Sheets(new Sheet { Id = wb.GetIdOfPart(sheetPart), SheetId = 1, Name = "任务分解表" }));
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
        new Fonts(new Font(new FontSize { Val = 11 }, new FontName { Val = "宋体" }),
                  new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "宋体" })),
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
        new Borders(new Border(), new Border(
            new LeftBorder { Style = BorderStyleValues.Thin }, new RightBorder { Style = BorderStyleValues.Thin },
            new TopBorder { Style = BorderStyleValues.Thin }, new BottomBorder { Style = BorderStyleValues.Thin }, new DiagonalBorder())),
        new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 0, BorderId = 1, ApplyBorder = true, ApplyAlignment = true, Alignment = new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top } },
            new CellFormat { FontId = 1, BorderId = 1, ApplyBorder = true, ApplyFont = true, ApplyAlignment = true, Alignment = new Alignment { WrapText = true, Horizontal = HorizontalAlignmentValues.Center, Vertical = VerticalAlignmentValues.Center } }));
}
