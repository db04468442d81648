using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Shifan.Documents.Frameworks;

namespace Shifan.Documents.Export;

/// <summary>Writes a framework as a Word 任务分解表 on landscape A4, header repeated on every page.</summary>
public static class FrameworkDocxWriter
{
    public static void Write(FrameworkFile file, Stream output)
    {
        using var doc = WordprocessingDocument.Create(output, WordprocessingDocumentType.Document);
        var main = doc.AddMainDocumentPart();
        var body = new Body();
        body.Append(new Paragraph(
            new ParagraphProperties(new Justification { Val = JustificationValues.Center }),
            new Run(new RunProperties(Fonts(), new Bold(), new FontSize { Val = "32" }), new Text(file.Title))));
        var table = new Table(new TableProperties(
            new TableWidth { Type = TableWidthUnitValues.Pct, Width = "5000" },
            new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = 4 }, new LeftBorder { Val = BorderValues.Single, Size = 4 },
                new BottomBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 })));
        var widths = new[] { 900, 900, 500, 3200, 900, 3600, 1600, 800, 1100, 1100 };
        table.Append(new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString() })));
        table.Append(MakeRow(TaskTableRows.Header, widths, header: true));
        foreach (var r in TaskTableRows.Build(file)) table.Append(MakeRow(r, widths, header: false));
        body.Append(table);
        body.Append(new SectionProperties(
            new PageSize { Width = 16838, Height = 11906, Orient = PageOrientationValues.Landscape },
            new PageMargin { Top = 1000, Bottom = 1000, Left = 800, Right = 800, Header = 500, Footer = 500, Gutter = 0 }));
        main.Document = new Document(body);
        main.Document.Save();
    }

    private static RunFonts Fonts() => new() { EastAsia = "宋体", Ascii = "Times New Roman", HighAnsi = "Times New Roman" };

    private static TableRow MakeRow(IReadOnlyList<string> cells, int[] widths, bool header)
    {
        var row = new TableRow();
        if (header) row.Append(new TableRowProperties(new TableHeader()));
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = new TableCell(new TableCellProperties(new TableCellWidth { Type = TableWidthUnitValues.Dxa, Width = widths[i].ToString() }));
            var lines = cells[i].Split('\n');
            foreach (var line in lines)
            {
                // Schema order (rFonts, b, sz): Word offers to repair a run whose properties come in another order.
                var rp = header ? new RunProperties(Fonts(), new Bold(), new FontSize { Val = "18" }) : new RunProperties(Fonts(), new FontSize { Val = "18" });
                cell.Append(new Paragraph(new Run(rp, new Text(line) { Space = SpaceProcessingModeValues.Preserve })));
            }
            row.Append(cell);
        }
        return row;
    }
}
