using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Shifan.Documents.Export;

namespace Shifan.Documents.Ledgers;

/// <summary>
/// Writes 工作台账 workbooks: a unit's ledger as one sheet in the official form, or the office's consolidated
/// ledger (a summary sheet, then one sheet per unit). Each sheet prints on A4 landscape, scaled to the page
/// width, with the table header repeated on every page.
/// </summary>
public static class LedgerXlsxWriter
{
    private const uint Plain = 0, Wrapped = 1, HeaderCell = 2, TitleCell = 3, Note = 4;

    public static void Write(LedgerSheet sheet, Stream output) => WriteBook(output, [], sheet.Title, [sheet]);

    public static void WriteConsolidated(string title, IReadOnlyList<LedgerSummaryRow> summary, IReadOnlyList<LedgerSheet> sheets, Stream output) =>
        WriteBook(output, summary, title, sheets);

    public static IReadOnlyList<string> SummaryHeader { get; } =
        ["单位", "报送情况", "提交时间", "确认时间", "指标数", "已完成", "正在推进", "未启动", "不涉及", "未填写"];

    private static void WriteBook(Stream output, IReadOnlyList<LedgerSummaryRow> summary, string title, IReadOnlyList<LedgerSheet> sheets)
    {
        using var doc = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var wb = doc.AddWorkbookPart();
        wb.Workbook = new Workbook();
        wb.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
        var sheetList = new Sheets();
        var names = new DefinedNames();
        var used = new HashSet<string>();
        var index = 0u;
        var consolidated = sheets.Count > 1 || summary.Count > 0;
        if (consolidated)
        {
            var rows = new List<(IReadOnlyList<string>, uint)> { ([title], TitleCell), (SummaryHeader, HeaderCell) };
            rows.AddRange(summary.Select(s => ((IReadOnlyList<string>)[s.Unit, s.Standing, s.SubmittedAt, s.ConfirmedAt,
                s.Indicators.ToString(), s.Done.ToString(), s.InProgress.ToString(), s.NotStarted.ToString(), s.NotApplicable.ToString(), s.Blank.ToString()], Wrapped)));
            AddSheet(wb, sheetList, names, index++, Unique("汇总", used), rows, [24, 10, 17, 17, 8, 8, 8, 8, 8, 8], headerRow: 2);
        }
        foreach (var sheet in sheets)
        {
            var rows = new List<(IReadOnlyList<string>, uint)>
            {
                ([sheet.Title], TitleCell),
                ([$"责任科室/单位：{sheet.UnitName}（{sheet.Seal}）", "", "", "", $"填表时间：{sheet.FilledOn}", ""], Plain),
                (LedgerSheet.Header, HeaderCell),
            };
            rows.AddRange(sheet.Rows.Select(r => (sheet.Cells(r), Wrapped)));
            rows.Add(([$"填报人：{sheet.Filler}", "", "", "", $"联系方式：{sheet.Contact}", ""], Plain));
            rows.Add(([LedgerSheet.Notes], Note));
            AddSheet(wb, sheetList, names, index++, Unique(consolidated ? sheet.UnitName : "工作台账", used), rows,
                LedgerSheet.Widths.Select(w => (double)w).ToArray(), headerRow: 3);
        }
        wb.Workbook.Append(sheetList);
        if (names.HasChildren) wb.Workbook.Append(names);
        wb.Workbook.Save();
    }

    private static void AddSheet(WorkbookPart wb, Sheets sheets, DefinedNames names, uint index, string name,
        IReadOnlyList<(IReadOnlyList<string> Cells, uint Style)> rows, IReadOnlyList<double> widths, uint headerRow)
    {
        var part = wb.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        var lastColumn = FrameworkXlsxWriter.ColumnName(widths.Count);
        var merges = new MergeCells();
        for (var r = 0; r < rows.Count; r++)
        {
            var rowNo = (uint)r + 1;
            var (cells, style) = rows[r];
            var row = new Row { RowIndex = rowNo };
            // Merged cells do not grow with wrapped text, and not every suite measures rows on opening: set the height.
            if (style == Note) { row.Height = 45; row.CustomHeight = true; }
            if (style is Wrapped or HeaderCell) { row.Height = RowHeight(cells, widths); row.CustomHeight = true; }
            for (var c = 0; c < cells.Count; c++)
                row.Append(new Cell
                {
                    CellReference = FrameworkXlsxWriter.ColumnName(c + 1) + rowNo, DataType = CellValues.InlineString, StyleIndex = style,
                    InlineString = new InlineString(new Text(cells[c] ?? "") { Space = SpaceProcessingModeValues.Preserve }),
                });
            data.Append(row);
            // A one-cell row (title, notes) spans the table; a heading row of the form (six cells, left and right part) spans A–D and E–F.
            if (cells.Count == 1 && widths.Count > 1) merges.Append(new MergeCell { Reference = $"A{rowNo}:{lastColumn}{rowNo}" });
            if (style == Plain && cells.Count == 6)
            {
                merges.Append(new MergeCell { Reference = $"A{rowNo}:D{rowNo}" });
                merges.Append(new MergeCell { Reference = $"E{rowNo}:F{rowNo}" });
            }
        }
        var sheetView = new SheetView { WorkbookViewId = 0, TabSelected = index == 0 };
        sheetView.Append(new Pane { VerticalSplit = headerRow, TopLeftCell = $"A{headerRow + 1}", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen });
        var worksheet = new Worksheet(
            new SheetViews(sheetView),
            new Columns(widths.Select((w, i) => new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = w, CustomWidth = true })),
            data);
        if (merges.HasChildren) worksheet.Append(merges);
        worksheet.Append(new PageMargins { Left = 0.5, Right = 0.5, Top = 0.6, Bottom = 0.6, Header = 0.3, Footer = 0.3 });
        // A4 (paper size 9), landscape, scaled so the table's width fits the page (fit-to-width is read as fit-to-one-page by some suites).
        worksheet.Append(new PageSetup { PaperSize = 9, Orientation = OrientationValues.Landscape, Scale = 55 });
        part.Worksheet = worksheet;
        sheets.Append(new Sheet { Id = wb.GetIdOfPart(part), SheetId = index + 1, Name = name });
        names.Append(new DefinedName($"'{name.Replace("'", "''")}'!${headerRow}:${headerRow}") { Name = "_xlnm.Print_Titles", LocalSheetId = index });
    }

    /// <summary>Lines a row needs when its cells wrap (a Chinese character is two width units), at 14.5 points a line.</summary>
    internal static double RowHeight(IReadOnlyList<string> cells, IReadOnlyList<double> widths)
    {
        var lines = 1;
        for (var i = 0; i < cells.Count && i < widths.Count; i++)
        {
            var perLine = Math.Max(1, (int)widths[i] - 1);
            var n = (cells[i] ?? "").Split('\n').Sum(line => Math.Max(1, (int)Math.Ceiling(line.Sum(ch => ch > 0x2E80 ? 2 : 1) / (double)perLine)));
            lines = Math.Max(lines, n);
        }
        return Math.Min(409, lines * 14.5 + 3);
    }

    /// <summary>A sheet name Excel accepts: at most 31 characters, none of []:*?/\, unique in the book.</summary>
    private static string Unique(string name, HashSet<string> used)
    {
        var clean = new string(name.Select(ch => "[]:*?/\\".Contains(ch) ? '_' : ch).ToArray()).Trim('\'');
        if (clean.Length == 0) clean = "工作台账";
        if (clean.Length > 31) clean = clean[..31];
        var candidate = clean;
        for (var n = 2; !used.Add(candidate); n++) candidate = $"{(clean.Length > 27 ? clean[..27] : clean)}({n})";
        return candidate;
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
                new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "宋体" }),
                new Font(new Bold(), new FontSize { Val = 16 }, new FontName { Val = "宋体" })),
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                new Fill(new PatternFill(new ForegroundColor { Rgb = "FFE7E6E6" }) { PatternType = PatternValues.Solid })),
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()), thin),
            new CellFormats(
                new CellFormat { Alignment = new Alignment { Vertical = VerticalAlignmentValues.Center } },
                new CellFormat { BorderId = 1, ApplyBorder = true, ApplyAlignment = true, Alignment = new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top } },
                new CellFormat { FontId = 1, FillId = 2, BorderId = 1, ApplyFont = true, ApplyFill = true, ApplyBorder = true, ApplyAlignment = true,
                    Alignment = new Alignment { WrapText = true, Horizontal = HorizontalAlignmentValues.Center, Vertical = VerticalAlignmentValues.Center } },
                new CellFormat { FontId = 2, ApplyFont = true, ApplyAlignment = true, Alignment = new Alignment { Horizontal = HorizontalAlignmentValues.Center } },
                new CellFormat { ApplyAlignment = true, Alignment = new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top } }));
    }
}
