using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Shifan.Documents.Export;

namespace Shifan.Documents.Problems;

/// <summary>
/// Writes the 问题清单 or the 整改台账 as one sheet in the official form: title and subtitle across the table, the header
/// row frozen and repeated on every printed page, A4 landscape scaled to the page width (as the 工作台账 does).
/// </summary>
public static class ProblemXlsxWriter
{
    private const uint Plain = 0, Wrapped = 1, HeaderCell = 2, TitleCell = 3;

    /// <summary>The scale that fits the 工作台账's 160 width units on landscape A4, applied to this table's width.</summary>
    private static uint ScaleFor(int widthUnits) => (uint)Math.Clamp(55 * 160 / Math.Max(1, widthUnits), 40, 100);

    public static void Write(ProblemSheet sheet, Stream output)
    {
        using var doc = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var wb = doc.AddWorkbookPart();
        wb.Workbook = new Workbook();
        wb.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
        var part = wb.AddNewPart<WorksheetPart>();
        // Millimetres to Excel's character units (one unit is about 1.85 mm at 11 pt).
        var widths = sheet.Widths.Select(mm => (int)Math.Round(mm / 1.85)).ToList();
        var lastColumn = FrameworkXlsxWriter.ColumnName(widths.Count);
        var rows = new List<(IReadOnlyList<string> Cells, uint Style)> { ([sheet.Title], TitleCell), ([sheet.Subtitle], Plain), (sheet.Header, HeaderCell) };
        rows.AddRange(sheet.Rows.Select(r => (sheet.Cells(r), Wrapped)));
        const uint headerRow = 3;

        var data = new SheetData();
        var merges = new MergeCells();
        for (var i = 0; i < rows.Count; i++)
        {
            var rowNo = (uint)i + 1;
            var (cells, style) = rows[i];
            var row = new Row { RowIndex = rowNo };
            if (style is Wrapped or HeaderCell) { row.Height = RowHeight(cells, widths); row.CustomHeight = true; }
            if (style == TitleCell) { row.Height = 28; row.CustomHeight = true; }
            for (var c = 0; c < cells.Count; c++)
                row.Append(new Cell
                {
                    CellReference = FrameworkXlsxWriter.ColumnName(c + 1) + rowNo, DataType = CellValues.InlineString, StyleIndex = style,
                    InlineString = new InlineString(new Text(cells[c] ?? "") { Space = SpaceProcessingModeValues.Preserve }),
                });
            data.Append(row);
            if (cells.Count == 1) merges.Append(new MergeCell { Reference = $"A{rowNo}:{lastColumn}{rowNo}" });
        }

        var view = new SheetView { WorkbookViewId = 0, TabSelected = true };
        view.Append(new Pane { VerticalSplit = headerRow, TopLeftCell = $"A{headerRow + 1}", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen });
        var worksheet = new Worksheet(new SheetViews(view),
            new Columns(widths.Select((w, i) => new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = w, CustomWidth = true })), data);
        if (merges.HasChildren) worksheet.Append(merges);
        worksheet.Append(new PageMargins { Left = 0.5, Right = 0.5, Top = 0.6, Bottom = 0.6, Header = 0.3, Footer = 0.3 });
        worksheet.Append(new PageSetup { PaperSize = 9, Orientation = OrientationValues.Landscape, Scale = ScaleFor(widths.Sum()) });
        worksheet.Append(new HeaderFooter(new OddFooter("&C— &P —")));
        part.Worksheet = worksheet;
        var name = sheet.Kind == ProblemSheetKind.List ? "问题清单" : "整改台账";
        wb.Workbook.Append(new Sheets(new Sheet { Id = wb.GetIdOfPart(part), SheetId = 1, Name = name }));
        wb.Workbook.Append(new DefinedNames(new DefinedName($"'{name}'!${headerRow}:${headerRow}") { Name = "_xlnm.Print_Titles", LocalSheetId = 0 }));
        wb.Workbook.Save();
    }

    /// <summary>Lines a row needs when its cells wrap (a Chinese character is two width units), at 14.5 points a line.</summary>
    private static double RowHeight(IReadOnlyList<string> cells, IReadOnlyList<int> widths)
    {
        var lines = 1;
        for (var i = 0; i < cells.Count && i < widths.Count; i++)
        {
            var perLine = Math.Max(1, widths[i] - 1);
            var n = (cells[i] ?? "").Split('\n').Sum(line => Math.Max(1, (int)Math.Ceiling(line.Sum(ch => ch > 0x2E80 ? 2 : 1) / (double)perLine)));
            lines = Math.Max(lines, n);
        }
        return Math.Min(409, lines * 14.5 + 3);
    }

    private static Stylesheet Styles()
    {
        var thin = new Border(
            new LeftBorder { Style = BorderStyleValues.Thin, Color = new Color { Indexed = 64 } },
            new RightBorder { Style = BorderStyleValues.Thin, Color = new Color { Indexed = 64 } },
            new TopBorder { Style = BorderStyleValues.Thin, Color = new Color { Indexed = 64 } },
            new BottomBorder { Style = BorderStyleValues.Thin, Color = new Color { Indexed = 64 } },
            new DiagonalBorder());
        return new Stylesheet(
            new Fonts(
                new Font(new FontSize { Val = 11 }, new FontName { Val = "宋体" }),
                new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "黑体" }),
                new Font(new FontSize { Val = 18 }, new FontName { Val = "方正小标宋简体" })),
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                new Fill(new PatternFill(new ForegroundColor { Rgb = "FFE7E6E6" }) { PatternType = PatternValues.Solid })),
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()), thin),
            new CellFormats(
                new CellFormat { ApplyAlignment = true, Alignment = new Alignment { Horizontal = HorizontalAlignmentValues.Center, Vertical = VerticalAlignmentValues.Center } },
                new CellFormat { BorderId = 1, ApplyBorder = true, ApplyAlignment = true, Alignment = new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top } },
                new CellFormat { FontId = 1, FillId = 2, BorderId = 1, ApplyFont = true, ApplyFill = true, ApplyBorder = true, ApplyAlignment = true,
                    Alignment = new Alignment { WrapText = true, Horizontal = HorizontalAlignmentValues.Center, Vertical = VerticalAlignmentValues.Center } },
                new CellFormat { FontId = 2, ApplyFont = true, ApplyAlignment = true, Alignment = new Alignment { Horizontal = HorizontalAlignmentValues.Center, Vertical = VerticalAlignmentValues.Center } }));
    }
}
