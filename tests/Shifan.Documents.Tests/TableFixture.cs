using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using X = DocumentFormat.OpenXml.Spreadsheet;
using Shifan.Documents.Frameworks;

namespace Shifan.Documents.Tests;

/// <summary>One cell of a fixture table: its text (lines are paragraphs), how many grid columns it spans, and
/// whether it continues the cell above (a vertical merge).</summary>
internal sealed record Cell(string Text, int Span = 1, bool Continues = false);

/// <summary>
/// Small task tables built in the test, in the forms offices hand on: a .docx made with the OpenXml SDK, the
/// same table as Word pastes it into a text box, and (through LibreOffice) the same table as a PDF.
/// </summary>
internal sealed class TableFixture
{
    public string Title { get; init; } = "测试县法治政府建设示范创建任务分解表";
    public List<Cell[]> Rows { get; } = [];
    public List<string> ParagraphsAfter { get; } = [];

    /// <summary>The first row is a header row Word repeats at the top of every page.</summary>
    public bool RepeatHeader { get; init; } = true;

    public static Cell C(string text, int span = 1) => new(text, span);

    /// <summary>The cell above continues into this row.</summary>
    public static Cell Up => new("", 1, true);

    public TableFixture Row(params object[] cells)
    {
        Rows.Add(cells.Select(c => c as Cell ?? new Cell((string)c)).ToArray());
        return this;
    }

    private int Width => Rows.Max(r => r.Sum(c => c.Span));

    /// <summary>The table as an Excel sheet: the title in the first row, merged cells as merged ranges.</summary>
    public byte[] Xlsx()
    {
        using var ms = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(ms, SpreadsheetDocumentType.Workbook))
        {
            var wb = doc.AddWorkbookPart();
            wb.Workbook = new X.Workbook();
            var ws = wb.AddNewPart<WorksheetPart>();
            var data = new X.SheetData();
            static string Ref(int row, int col) => $"{(char)('A' + col)}{row + 1}";
            static X.Cell Text(int row, int col, string text) =>
                new(new X.InlineString(new X.Text(text) { Space = SpaceProcessingModeValues.Preserve })) { CellReference = Ref(row, col), DataType = X.CellValues.InlineString };
            data.Append(new X.Row(Text(0, 0, Title)) { RowIndex = 1 });
            // Merged ranges by their first column: (first row, last row, last column).
            var open = new Dictionary<int, (int FirstRow, int LastRow, int LastCol)>();
            var merges = new List<(int, int, int, int)>();
            for (var r = 0; r < Rows.Count; r++)
            {
                var row = new X.Row { RowIndex = (uint)(r + 2) };
                var next = new Dictionary<int, (int, int, int)>();
                foreach (var (cell, col) in Positioned(Rows[r]))
                {
                    if (cell.Continues && open.TryGetValue(col, out var above)) { next[col] = (above.FirstRow, r + 1, above.LastCol); continue; }
                    row.Append(Text(r + 1, col, cell.Text));
                    next[col] = (r + 1, r + 1, col + cell.Span - 1);
                }
                foreach (var (col, range) in open.Where(o => !next.TryGetValue(o.Key, out var n) || n.Item1 != o.Value.FirstRow))
                    merges.Add((range.FirstRow, col, range.LastRow, range.LastCol));
                open = next.ToDictionary(kv => kv.Key, kv => (kv.Value.Item1, kv.Value.Item2, kv.Value.Item3));
                data.Append(row);
            }
            foreach (var (col, range) in open) merges.Add((range.FirstRow, col, range.LastRow, range.LastCol));
            ws.Worksheet = new X.Worksheet(data);
            var mergeCells = new X.MergeCells(merges.Where(m => m.Item1 != m.Item3 || m.Item2 != m.Item4)
                .Select(m => new X.MergeCell { Reference = $"{Ref(m.Item1, m.Item2)}:{Ref(m.Item3, m.Item4)}" }));
            if (mergeCells.HasChildren) ws.Worksheet.InsertAfter(mergeCells, data);
            wb.Workbook.AppendChild(new X.Sheets(new X.Sheet { Id = wb.GetIdOfPart(ws), SheetId = 1, Name = "任务分解表" }));
        }
        return ms.ToArray();
    }

    /// <summary>A document of paragraphs only (a work plan in prose), as .docx.</summary>
    public static byte[] ProseDocx(IEnumerable<string> paragraphs)
    {
        using var ms = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(ms, WordprocessingDocumentType.Document))
        {
            var body = new Body(paragraphs.Select(p => new Paragraph(new Run(new Text(p) { Space = SpaceProcessingModeValues.Preserve }))));
            doc.AddMainDocumentPart().Document = new Document(body);
        }
        return ms.ToArray();
    }

    /// <summary>Renders a .docx to PDF with LibreOffice.</summary>
    public static Task<byte[]> PdfOfAsync(byte[] docxBytes, string name) =>
        RenderAsync(docxBytes, name, (docx, dir) => TestSupport.LibreOffice.ConvertToPdfAsync(docx, dir));

    /// <summary>
    /// Renders a .docx as a web page (LibreOffice) and prints that with Chromium, its header and footer on every page:
    /// a PDF from another writer than LibreOffice (Skia), whose CJK font maps many characters to radicals (⾏ for 行).
    /// </summary>
    public static Task<byte[]> BrowserPdfOfAsync(byte[] docxBytes, string name) =>
        RenderAsync(docxBytes, name, async (docx, dir) =>
        {
            var html = await TestSupport.LibreOffice.ConvertAsync(docx, dir, "html");
            var pdf = Path.Combine(dir, name + ".pdf");
            await TestSupport.ChromiumPrint.PrintAsync(html, pdf);
            return pdf;
        });

    /// <summary>Writes the .docx into a temporary folder, renders it there and returns the PDF's bytes.</summary>
    private static async Task<byte[]> RenderAsync(byte[] docxBytes, string name, Func<string, string, Task<string>> render)
    {
        var dir = Path.Combine(Path.GetTempPath(), "shifan-render-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var docx = Path.Combine(dir, name + ".docx");
            await File.WriteAllBytesAsync(docx, docxBytes);
            return await File.ReadAllBytesAsync(await render(docx, dir));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>The grid column each cell of a row starts at.</summary>
    private static IEnumerable<(Cell Cell, int Column)> Positioned(Cell[] row)
    {
        var col = 0;
        foreach (var c in row)
        {
            yield return (c, col);
            col += c.Span;
        }
    }

    public byte[] Docx()
    {
        using var ms = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(ms, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var body = new Body();
            body.Append(new Paragraph(new ParagraphProperties(new Justification { Val = JustificationValues.Center }), new Run(new Text(Title))));
            var table = new Table();
            var border = new EnumValue<BorderValues>(BorderValues.Single);
            table.Append(new TableProperties(
                new TableWidth { Type = TableWidthUnitValues.Pct, Width = "5000" },
                new TableBorders(new TopBorder { Val = border, Size = 4 }, new BottomBorder { Val = border, Size = 4 },
                    new LeftBorder { Val = border, Size = 4 }, new RightBorder { Val = border, Size = 4 },
                    new InsideHorizontalBorder { Val = border, Size = 4 }, new InsideVerticalBorder { Val = border, Size = 4 }),
                new TableLayout { Type = TableLayoutValues.Fixed }));
            var width = Width;
            var colWidth = 13000 / width;
            table.Append(new TableGrid(Enumerable.Range(0, width).Select(_ => new GridColumn { Width = colWidth.ToString() })));
            for (var r = 0; r < Rows.Count; r++)
            {
                // Rows are not split over pages: a row cut in two by a page break reads as two rows (see ADR-020).
                var tr = new TableRow(new TableRowProperties(r == 0 && RepeatHeader ? [new CantSplit(), new TableHeader()] : [new CantSplit()]));
                var below = r + 1 < Rows.Count ? Positioned(Rows[r + 1]).ToList() : [];
                foreach (var (cell, col) in Positioned(Rows[r]))
                {
                    var props = new TableCellProperties(new TableCellWidth { Type = TableWidthUnitValues.Dxa, Width = (colWidth * cell.Span).ToString() });
                    if (cell.Span > 1) props.Append(new GridSpan { Val = cell.Span });
                    if (cell.Continues) props.Append(new VerticalMerge { Val = MergedCellValues.Continue });
                    else if (below.Any(b => b.Column == col && b.Cell.Continues)) props.Append(new VerticalMerge { Val = MergedCellValues.Restart });
                    var tc = new TableCell(props);
                    var lines = cell.Continues ? [""] : cell.Text.Split('\n');
                    foreach (var line in lines) tc.Append(new Paragraph(new Run(new Text(line) { Space = SpaceProcessingModeValues.Preserve })));
                    tr.Append(tc);
                }
                table.Append(tr);
            }
            body.Append(table);
            foreach (var p in ParagraphsAfter) body.Append(new Paragraph(new Run(new Text(p))));
            body.Append(new SectionProperties(new PageSize { Width = 16838, Height = 11906, Orient = PageOrientationValues.Landscape },
                new PageMargin { Top = 1000, Bottom = 1000, Left = 1000, Right = 1000 }));
            main.Document = new Document(body);
        }
        return ms.ToArray();
    }

    /// <summary>
    /// The table as Word puts it on the clipboard as text: each cell starts a line with a tab, its paragraphs
    /// separated by blank lines, each row ended by a blank line; a merged cell is one cell, a continued one empty.
    /// </summary>
    public string Pasted()
    {
        var sb = new StringBuilder(Title).Append("\n\n");
        foreach (var row in Rows)
        {
            foreach (var cell in row)
                sb.Append('\t').Append(cell.Continues ? "" : string.Join("\n\n", cell.Text.Split('\n'))).Append('\n');
            sb.Append('\n');
        }
        foreach (var p in ParagraphsAfter) sb.Append(p).Append("\n\n");
        return sb.ToString();
    }

    /// <summary>The table rendered to PDF by LibreOffice, as an office would print it to send it on.</summary>
    public Task<byte[]> PdfAsync(string name) => PdfOfAsync(Docx(), name);

    /// <summary>The whole framework as JSON, without source and diagnostics: what tests compare.</summary>
    public static string Json(IEnumerable<NodeDto> nodes) => System.Text.Json.JsonSerializer.Serialize(nodes.ToList(), FrameworkJson.Options);
}

/// <summary>Expected nodes, written briefly.</summary>
internal static class Expect
{
    public static NodeDto Area(string code, string title, string? goal, params NodeDto[] children) =>
        new() { Kind = "area", Code = code, Title = title, Text = title, Goal = goal, Children = [.. children] };

    public static NodeDto Group(string code, string title, params NodeDto[] children) =>
        new() { Kind = "group", Code = code, Title = title, Text = title, Children = [.. children] };

    public static NodeDto Indicator(string code, string text, string[]? methods = null, MaterialDto[]? materials = null,
        string[]? leads = null, ContactDto[]? contacts = null, string[]? sections = null, string[]? responsible = null, string? explanation = null) => new()
    {
        Kind = "indicator", Code = code, Text = text, Title = Core.Frameworks.FrameworkNode.TitleFrom(text),
        Methods = [.. methods ?? []], Materials = [.. materials ?? []], LeadUnits = [.. leads ?? []], Contacts = [.. contacts ?? []],
        LeadSections = [.. sections ?? []], ResponsibleUnits = [.. responsible ?? []], Explanation = explanation,
    };

    public static MaterialDto M(int no, string text, string? unit = null, int? since = null, int? min = null) =>
        new() { No = no, Text = text, Unit = unit, Since = since, MinCount = min };

    public static ContactDto Contact(string unit, string[] phones, string[]? emails = null) => new() { Unit = unit, Phones = [.. phones], Emails = [.. emails ?? []] };
}
