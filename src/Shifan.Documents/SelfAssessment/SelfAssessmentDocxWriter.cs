using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using L = Shifan.Documents.Bulletins.OfficialLayout;

using static Shifan.Documents.Bulletins.OfficialDocxParts;

namespace Shifan.Documents.SelfAssessment;

/// <summary>
/// Writes a 自查报告 / 自评报告 in the GB/T 9704-2012 layout (<see cref="Bulletins.OfficialLayout"/>): title in 2号 小标宋,
/// sections under 黑体 headings, 楷体 subheadings, bold 仿宋 indicator headings, 3号 仿宋 body on the 22-line grid,
/// tables across the 156 mm text block, the reporting body and date at the end, and page numbers "— N —" in 4号 宋体
/// on the outside of each page (mirrored margins, binding side 28 mm).
/// </summary>
public static class SelfAssessmentDocxWriter
{
    private static int TextWidth => L.Twips(L.TextWidthMm);
    private const int OneChar = 320; // a 3号 character, in twips

    public static void Write(SelfAssessmentDocument d, Stream output)
    {
        using var doc = WordprocessingDocument.Create(output, WordprocessingDocumentType.Document);
        var main = doc.AddMainDocumentPart();
        AddFonts(main);
        AddStyles(main);
        var settings = main.AddNewPart<DocumentSettingsPart>();
        settings.Settings = new Settings(new MirrorMargins(), new DefaultTabStop { Val = OneChar * 2 }, new EvenAndOddHeaders()); // the schema's order
        var oddFooter = AddFooter(main, JustificationValues.Right, new Indentation { Right = OneChar.ToString() });
        var evenFooter = AddFooter(main, JustificationValues.Left, new Indentation { Left = OneChar.ToString() });

        var body = new Body();
        body.Append(Para(JustificationValues.Center, Run(d.Title, L.TitleFont, L.TitlePt), exact: (int)(L.TitlePt * 20 * 1.5)));
        body.Append(Para(JustificationValues.Center, null));
        foreach (var section in d.Sections)
        {
            if (!string.IsNullOrWhiteSpace(section.Heading)) body.Append(Indented(Run(section.Heading.Trim(), L.HeadingFont, L.BodyPt)));
            foreach (var block in ReportBody.Parse(section.Body))
            {
                switch (block.Kind)
                {
                    case ReportBlockKind.Table:
                        if (block.Rows.Count > 0) body.Append(Table(block.Rows), Para(JustificationValues.Left, null, exact: L.LinePitch / 2));
                        break;
                    case ReportBlockKind.Subheading:
                        body.Append(Indented(Run(block.Text, L.SubheadingFont, L.BodyPt)));
                        break;
                    case ReportBlockKind.Item:
                        body.Append(Indented(Run(block.Text, L.BodyFont, L.BodyPt, bold: true)));
                        break;
                    default:
                        body.Append(Indented(Run(block.Text, L.BodyFont, L.BodyPt)));
                        break;
                }
            }
        }
        body.Append(Para(JustificationValues.Left, null));
        body.Append(Para(JustificationValues.Right, Run(d.Author, L.BodyFont, L.BodyPt), right: OneChar * 4));
        body.Append(Para(JustificationValues.Right, Run(d.Date, L.BodyFont, L.BodyPt), right: OneChar * 4));

        body.Append(new SectionProperties(
            new FooterReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(oddFooter) },
            new FooterReference { Type = HeaderFooterValues.Even, Id = main.GetIdOfPart(evenFooter) },
            new PageSize { Width = (uint)L.Twips(L.PageWidthMm), Height = (uint)L.Twips(L.PageHeightMm) },
            new PageMargin
            {
                Top = L.Twips(L.TopMm), Bottom = L.Twips(L.BottomMm), Left = (uint)L.Twips(L.BindingMm), Right = (uint)L.Twips(L.OuterMm),
                Header = (uint)L.Twips(15), Footer = (uint)L.Twips(L.BottomMm - 7 - 5), Gutter = 0,
            },
            new DocGrid { Type = DocGridValues.Lines, LinePitch = L.LinePitch }));
        main.Document = new Document(body);
        main.Document.Save();
    }

    private static Run Run(string text, string font, double pt, bool bold = false)
    {
        var rp = new RunProperties(Fonts(font));
        if (bold) { rp.Bold = new Bold(); rp.BoldComplexScript = new BoldComplexScript(); }
        if (pt == L.BodyPt) rp.Append(new Spacing { Val = L.BodyCharacterSpacing });
        rp.Append(new FontSize { Val = Half(pt) }, new FontSizeComplexScript { Val = Half(pt) });
        var run = new Run(rp);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0) run.Append(new Break());
            run.Append(new Text(lines[i]) { Space = SpaceProcessingModeValues.Preserve });
        }
        return run;
    }

    /// <summary>A paragraph on the grid's exact line pitch (or <paramref name="exact"/> twips).</summary>
    private static Paragraph Para(JustificationValues align, Run? run, int? exact = null, int right = 0)
    {
        var pp = new ParagraphProperties();
        // Lines taller than the grid (the title) keep their own exact height instead of taking two grid lines.
        if (exact is not null || align == JustificationValues.Center) pp.Append(new SnapToGrid { Val = false });
        pp.Append(new SpacingBetweenLines { Line = (exact ?? L.LinePitch).ToString(), LineRule = LineSpacingRuleValues.Exact, Before = "0", After = "0" });
        if (right > 0) pp.Append(new Indentation { Right = right.ToString() });
        pp.Append(new Justification { Val = align });
        var p = new Paragraph(pp);
        if (run is not null) p.Append(run);
        return p;
    }

    /// <summary>A body paragraph: first line indented two characters, justified.</summary>
    private static Paragraph Indented(Run run) => new(
        new ParagraphProperties(
            new SpacingBetweenLines { Line = L.LinePitch.ToString(), LineRule = LineSpacingRuleValues.Exact, Before = "0", After = "0" },
            new Indentation { FirstLine = (OneChar * 2).ToString(), FirstLineChars = 200 },
            new Justification { Val = JustificationValues.Both }),
        run);

    /// <summary>How wide a text runs, in CJK character widths (Latin letters and digits take about half).</summary>
    private static double Measure(string text) => text.Sum(c => c < 0x2E80 ? 0.55 : 1.0);

    /// <summary>
    /// Column widths share the 156 mm text block in proportion to each column's widest cell, bounded so a long
    /// reason column cannot squeeze a score column to nothing.
    /// </summary>
    internal static int[] ColumnWidths(IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var columns = rows.Max(r => r.Count);
        var weights = Enumerable.Range(0, columns)
            .Select(i => Math.Clamp(rows.Where(r => i < r.Count).Select(r => r[i].Split('\n').Max(Measure)).DefaultIfEmpty(2).Max(), 2.5, 16)).ToArray();
        var sum = weights.Sum();
        var widths = weights.Select(w => (int)(TextWidth * w / sum)).ToArray();
        widths[^1] += TextWidth - widths.Sum();
        return widths;
    }

    private static Table Table(IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = ColumnWidths(rows);
        TableBorders Borders() => new(
            new TopBorder { Val = BorderValues.Single, Size = 4 }, new LeftBorder { Val = BorderValues.Single, Size = 4 },
            new BottomBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 });
        var table = new Table(new TableProperties(new TableWidth { Type = TableWidthUnitValues.Dxa, Width = TextWidth.ToString() },
            new TableJustification { Val = TableRowAlignmentValues.Center }, Borders(), new TableLayout { Type = TableLayoutValues.Fixed },
            new TableCellMarginDefault(new TopMargin { Width = "20", Type = TableWidthUnitValues.Dxa }, new TableCellLeftMargin { Width = 60, Type = TableWidthValues.Dxa },
                new BottomMargin { Width = "20", Type = TableWidthUnitValues.Dxa }, new TableCellRightMargin { Width = 60, Type = TableWidthValues.Dxa })));
        table.Append(new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString() })));
        for (var r = 0; r < rows.Count; r++)
        {
            var head = r == 0;
            var row = new TableRow(head ? new TableRowProperties(new TableHeader(), new CantSplit()) : new TableRowProperties(new CantSplit()));
            for (var i = 0; i < widths.Length; i++)
            {
                var text = i < rows[r].Count ? rows[r][i] : "";
                // Short cells (scores, ratings, statuses) are centred; running text reads from the left.
                var align = head || Measure(text) <= 6 ? JustificationValues.Center : JustificationValues.Left;
                row.Append(new TableCell(
                    new TableCellProperties(new TableCellWidth { Type = TableWidthUnitValues.Dxa, Width = widths[i].ToString() },
                        new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center }),
                    new Paragraph(new ParagraphProperties(new SnapToGrid { Val = false },
                            new SpacingBetweenLines { Line = ((int)(L.TablePt * 20 * 1.25)).ToString(), LineRule = LineSpacingRuleValues.Exact, Before = "0", After = "0" },
                            new Justification { Val = align }),
                        Run(text, head ? L.HeadingFont : L.BodyFont, L.TablePt))));
            }
            table.Append(row);
        }
        return table;
    }
}
