using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Shifan.Documents.Ledgers;

/// <summary>Writes a unit's 工作台账 as the official Word form: A4 landscape, title, 责任单位 and 填表时间, the table with its header repeated on every page, 填报人 and 联系方式 below.</summary>
public static class LedgerDocxWriter
{
    /// <summary>Text width of landscape A4 (297 mm) less 20 mm margins each side, in twentieths of a point.</summary>
    private const int TextWidth = 16838 - 2 * 1134;

    public static void Write(LedgerSheet sheet, Stream output)
    {
        using var doc = WordprocessingDocument.Create(output, WordprocessingDocumentType.Document);
        var main = doc.AddMainDocumentPart();
        var body = new Body();
        body.Append(Line(sheet.Title, 32, bold: true, JustificationValues.Center));
        body.Append(Line($"责任科室/单位：{sheet.UnitName}（{sheet.Seal}）　　　　填表时间：{sheet.FilledOn}", 21, bold: false, JustificationValues.Left));

        var total = LedgerSheet.Widths.Sum();
        var widths = LedgerSheet.Widths.Select(w => TextWidth * w / total).ToArray();
        var border = () => new TableBorders(
            new TopBorder { Val = BorderValues.Single, Size = 4 }, new LeftBorder { Val = BorderValues.Single, Size = 4 },
            new BottomBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 });
        var table = new Table(new TableProperties(new TableWidth { Type = TableWidthUnitValues.Dxa, Width = TextWidth.ToString() },
            border(), new TableLayout { Type = TableLayoutValues.Fixed })); // tblBorders before tblLayout, as the schema orders them
        table.Append(new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString() })));
        table.Append(Row(LedgerSheet.Header, widths, header: true));
        foreach (var r in sheet.Rows) table.Append(Row(sheet.Cells(r), widths, header: false));
        body.Append(table);

        body.Append(Line($"填报人：{sheet.Filler}　　　　　　　　联系方式：{sheet.Contact}", 21, bold: false, JustificationValues.Left));
        body.Append(Line(LedgerSheet.Notes, 18, bold: false, JustificationValues.Left));
        body.Append(new SectionProperties(
            new PageSize { Width = 16838, Height = 11906, Orient = PageOrientationValues.Landscape },
            new PageMargin { Top = 1134, Bottom = 1134, Left = 1134, Right = 1134, Header = 567, Footer = 567, Gutter = 0 }));
        main.Document = new Document(body);
        main.Document.Save();
    }

    private static RunFonts Fonts() => new() { EastAsia = "宋体", Ascii = "Times New Roman", HighAnsi = "Times New Roman" };

    private static Paragraph Line(string text, int halfPoints, bool bold, JustificationValues align)
    {
        var rp = new RunProperties(Fonts(), new FontSize { Val = halfPoints.ToString() });
        if (bold) rp.Bold = new Bold();
        return new Paragraph(new ParagraphProperties(new SpacingBetweenLines { After = "120" }, new Justification { Val = align }),
            new Run(rp, new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }

    private static TableRow Row(IReadOnlyList<string> cells, int[] widths, bool header)
    {
        var row = new TableRow();
        // The header row repeats at the top of every page and never splits; body rows may break across pages.
        row.Append(header ? new TableRowProperties(new TableHeader(), new CantSplit()) : new TableRowProperties());
        for (var i = 0; i < cells.Count; i++)
        {
            var props = new TableCellProperties(new TableCellWidth { Type = TableWidthUnitValues.Dxa, Width = widths[i].ToString() });
            if (header) props.Append(new Shading { Val = ShadingPatternValues.Clear, Fill = "E7E6E6", Color = "auto" });
            var cell = new TableCell(props);
            foreach (var line in (cells[i] ?? "").Split('\n'))
            {
                var rp = new RunProperties(Fonts(), new FontSize { Val = "20" });
                if (header) rp.Bold = new Bold();
                var pp = new ParagraphProperties(new Justification { Val = header ? JustificationValues.Center : JustificationValues.Left });
                cell.Append(new Paragraph(pp, new Run(rp, new Text(line) { Space = SpaceProcessingModeValues.Preserve })));
            }
            row.Append(cell);
        }
        return row;
    }
}
