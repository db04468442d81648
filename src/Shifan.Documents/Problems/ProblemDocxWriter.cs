using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using L = Shifan.Documents.Bulletins.OfficialLayout;

namespace Shifan.Documents.Problems;

/// <summary>
/// Writes the 问题清单 or the 整改台账 as a Word attachment in the GB/T 9704 layout turned landscape: A4 with the
/// official margins rotated with the page (so the text block is the official 156 × 225 mm block on its side),
/// the title in 2号 小标宋, the table with its header row (黑体) repeated on every page, page numbers "— 1 —" in 4号 宋体.
/// </summary>
public static class ProblemDocxWriter
{
    /// <summary>5号, the size tables in attachments use: a 3号 body would not fit twelve columns.</summary>
    private const double TablePt = 10.5;

    private static int PageWidth => L.Twips(L.PageHeightMm);
    private static int PageHeight => L.Twips(L.PageWidthMm);
    private static int TextWidth => L.Twips(L.TextHeightMm);

    public static void Write(ProblemSheet sheet, Stream output)
    {
        using var doc = WordprocessingDocument.Create(output, WordprocessingDocumentType.Document);
        var main = doc.AddMainDocumentPart();
        var footer = AddFooter(main);
        var body = new Body();
        body.Append(Para(JustificationValues.Center, Run(sheet.Title, L.TitleFont, L.TitlePt)));
        body.Append(Para(JustificationValues.Center, Run(sheet.Subtitle, L.BodyFont, L.RecordPt)));

        var total = sheet.Widths.Sum();
        var widths = sheet.Widths.Select(w => TextWidth * w / total).ToArray();
        var table = new Table(new TableProperties(
            new TableWidth { Type = TableWidthUnitValues.Dxa, Width = TextWidth.ToString() },
            new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = 4 }, new LeftBorder { Val = BorderValues.Single, Size = 4 },
                new BottomBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 }),
            new TableLayout { Type = TableLayoutValues.Fixed },
            // 1 mm either side of a cell instead of Word's 1.9 mm: the headings keep to one line.
            new TableCellMarginDefault(new TableCellLeftMargin { Width = (short)L.Twips(1), Type = TableWidthValues.Dxa },
                new TableCellRightMargin { Width = (short)L.Twips(1), Type = TableWidthValues.Dxa })));
        table.Append(new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString() })));
        table.Append(Row(sheet.Header, widths, header: true));
        foreach (var r in sheet.Rows) table.Append(Row(sheet.Cells(r), widths, header: false));
        if (sheet.Rows.Count == 0) table.Append(Row(["（无）", .. Enumerable.Repeat("", sheet.Header.Count - 1)], widths, header: false));
        body.Append(table);

        body.Append(new SectionProperties(
            new FooterReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(footer) },
            new PageSize { Width = (uint)PageWidth, Height = (uint)PageHeight, Orient = PageOrientationValues.Landscape },
            new PageMargin
            {
                Top = L.Twips(L.BindingMm), Bottom = L.Twips(L.OuterMm), Left = (uint)L.Twips(L.TopMm), Right = (uint)L.Twips(L.BottomMm),
                Header = (uint)L.Twips(12), Footer = (uint)L.Twips(10), Gutter = 0,
            }));
        main.Document = new Document(body);
        main.Document.Save();
    }

    private static RunFonts Fonts(string eastAsia) => new() { EastAsia = eastAsia, Ascii = L.LatinFont, HighAnsi = L.LatinFont, Hint = FontTypeHintValues.EastAsia };

    private static string Half(double pt) => ((int)Math.Round(pt * 2)).ToString();

    private static Run Run(string text, string font, double pt) =>
        new(new RunProperties(Fonts(font), new FontSize { Val = Half(pt) }, new FontSizeComplexScript { Val = Half(pt) }),
            new Text(text) { Space = SpaceProcessingModeValues.Preserve });

    private static Paragraph Para(JustificationValues align, params OpenXmlElement[] content)
    {
        var p = new Paragraph(new ParagraphProperties(new SpacingBetweenLines { After = "120" }, new Justification { Val = align }));
        p.Append(content);
        return p;
    }

    private static TableRow Row(IReadOnlyList<string> cells, int[] widths, bool header)
    {
        var row = new TableRow();
        // The header repeats at the top of every page and never splits; body rows may break across pages.
        row.Append(header ? new TableRowProperties(new TableHeader(), new CantSplit()) : new TableRowProperties());
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = new TableCell(new TableCellProperties(new TableCellWidth { Type = TableWidthUnitValues.Dxa, Width = widths[i].ToString() },
                new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center }));
            foreach (var line in (cells[i] ?? "").Split('\n'))
                cell.Append(new Paragraph(new ParagraphProperties(new Justification { Val = header || i == 0 ? JustificationValues.Center : JustificationValues.Left }),
                    Run(line, header ? L.HeadingFont : L.BodyFont, TablePt)));
            row.Append(cell);
        }
        return row;
    }

    private static FooterPart AddFooter(MainDocumentPart main)
    {
        var part = main.AddNewPart<FooterPart>();
        Run Dash(string text) => Run(text, L.PageNumberFont, L.PageNumberPt);
        var page = new SimpleField(Dash("1")) { Instruction = " PAGE " };
        part.Footer = new Footer(new Paragraph(new ParagraphProperties(new Justification { Val = JustificationValues.Center }), Dash("— "), page, Dash(" —")));
        part.Footer.Save();
        return part;
    }
}
