using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using L = Shifan.Documents.Bulletins.OfficialLayout;

using static Shifan.Documents.Bulletins.OfficialDocxParts;

namespace Shifan.Documents.Bulletins;

/// <summary>
/// Writes a 督导通报 in the GB/T 9704-2012 layout (<see cref="OfficialLayout"/>): 版头 (red issuing body, 发文字号, red
/// rule), title, addressee, numbered sections with the ranking table, signature and date, and the 版记 between rules;
/// page numbers "— N —" in 4号 宋体, right on odd pages and left on even ones (mirrored margins, binding side 28 mm).
/// Every font names an installed fallback in the font table, so WPS and LibreOffice substitute the right face.
/// </summary>
public static class BulletinDocxWriter
{
    private static int TextWidth => L.Twips(L.TextWidthMm);
    private const int OneChar = 320; // a 3号 character, in twips

    public static void Write(BulletinDocument d, Stream output)
    {
        using var doc = WordprocessingDocument.Create(output, WordprocessingDocumentType.Document);
        var main = doc.AddMainDocumentPart();
        AddFonts(main);
        AddStyles(main);
        var settings = main.AddNewPart<DocumentSettingsPart>();
        // In the schema's order (mirrorMargins, defaultTabStop, evenAndOddHeaders), or Word offers to repair the file.
        settings.Settings = new Settings(new MirrorMargins(), new DefaultTabStop { Val = OneChar * 2 }, new EvenAndOddHeaders());
        var oddFooter = AddFooter(main, JustificationValues.Right, new Indentation { Right = OneChar.ToString() });
        var evenFooter = AddFooter(main, JustificationValues.Left, new Indentation { Left = OneChar.ToString() });

        var body = new Body();
        // 版头: issuing body in red 小标宋, sized to stay on one line; then the 发文字号 and the red rule.
        // A name too long for one line even at 16 pt (济源产城融合示范区教育体育局…领导小组办公室, 32 characters) is
        // narrowed (字符缩放), as offices do, rather than made smaller than the body or broken over two lines.
        var markPt = Math.Clamp(Math.Floor(430.0 / Math.Max(1, d.IssuingBody.Length)), 16, 36);
        var markScale = (int)Math.Clamp(Math.Floor(430.0 / (Math.Max(1, d.IssuingBody.Length) * markPt) * 100), 50, 100);
        body.Append(Para(JustificationValues.Center, Run(d.IssuingBody, L.TitleFont, markPt, color: L.Red, scale: markScale), exact: (int)(markPt * 20 * 1.6)));
        body.Append(Para(JustificationValues.Center, null));
        var number = Para(JustificationValues.Center, Run(d.DocumentNumber, L.BodyFont, L.BodyPt));
        number.ParagraphProperties!.ParagraphBorders = new ParagraphBorders(new BottomBorder { Val = BorderValues.Single, Size = 16, Space = 4, Color = L.Red });
        body.Append(number);
        body.Append(Para(JustificationValues.Center, null));
        body.Append(Para(JustificationValues.Center, Run(d.Title, L.TitleFont, L.TitlePt)));
        body.Append(Para(JustificationValues.Center, null));
        body.Append(Para(JustificationValues.Left, Run(d.Addressee, L.BodyFont, L.BodyPt)));

        for (var i = 0; i < d.Sections.Count; i++)
        {
            var s = d.Sections[i];
            body.Append(Indented(Run(s.Heading, L.HeadingFont, L.BodyPt)));
            foreach (var p in s.Paragraphs.Where(p => !string.IsNullOrWhiteSpace(p)))
                body.Append(Indented(Run(p.Trim(), p.TrimStart().StartsWith('（') && p.Length < 40 ? L.SubheadingFont : L.BodyFont, L.BodyPt)));
            if (i == d.RankingAfterSection && d.RankingRows.Count > 0) body.Append(RankingTable(d.RankingHeader, d.RankingRows));
        }

        body.Append(Para(JustificationValues.Left, null));
        body.Append(Para(JustificationValues.Right, Run(d.Signature, L.BodyFont, L.BodyPt), right: OneChar * 4));
        body.Append(Para(JustificationValues.Right, Run(d.Date, L.BodyFont, L.BodyPt), right: OneChar * 4));
        body.Append(Para(JustificationValues.Left, null));

        // 版记: 抄送 and 印发机关 / 印发日期 between a thick first and last rule with a thin one between (4号 仿宋).
        var copy = Para(JustificationValues.Left, Run($"　抄送：{d.CopyTo}", L.BodyFont, L.RecordPt));
        copy.ParagraphProperties!.ParagraphBorders = new ParagraphBorders(
            new TopBorder { Val = BorderValues.Single, Size = 8, Space = 1, Color = "000000" },
            new BottomBorder { Val = BorderValues.Single, Size = 4, Space = 1, Color = "000000" });
        body.Append(copy);
        var printed = Para(JustificationValues.Left, Run($"　{d.PrintedBy}", L.BodyFont, L.RecordPt),
            tabs: new Tabs(new TabStop { Val = TabStopValues.Right, Position = TextWidth - OneChar }));
        printed.Append(Run($"\t{d.PrintedOn}印发", L.BodyFont, L.RecordPt));
        printed.ParagraphProperties!.ParagraphBorders = new ParagraphBorders(new BottomBorder { Val = BorderValues.Single, Size = 8, Space = 1, Color = "000000" });
        body.Append(printed);

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

    private static Run Run(string text, string font, double pt, string? color = null, int scale = 100)
    {
        var rp = new RunProperties(Fonts(font));
        if (color is not null) rp.Append(new Color { Val = color });
        if (pt == L.BodyPt) rp.Append(new Spacing { Val = L.BodyCharacterSpacing });
        if (scale < 100) rp.Append(new CharacterScale { Val = scale });
        rp.Append(new FontSize { Val = Half(pt) }, new FontSizeComplexScript { Val = Half(pt) });
        var run = new Run(rp);
        var parts = text.Split('\t');
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0) run.Append(new TabChar());
            run.Append(new Text(parts[i]) { Space = SpaceProcessingModeValues.Preserve });
        }
        return run;
    }

    /// <summary>A paragraph on the grid's exact line pitch (or <paramref name="exact"/> twips).</summary>
    private static Paragraph Para(JustificationValues align, Run? run, int? exact = null, int right = 0, Tabs? tabs = null)
    {
        // Set through the typed properties, which keep the schema's order of a paragraph's properties.
        var pp = new ParagraphProperties
        {
            Tabs = tabs,
            // No punctuation hanging past the 156 mm text block (LibreOffice and Word allow it by default).
            OverflowPunctuation = new OverflowPunctuation { Val = false },
            // Lines taller than the grid (版头, title) keep their own exact height instead of taking two grid lines.
            SnapToGrid = exact is not null || align == JustificationValues.Center ? new SnapToGrid { Val = false } : null,
            SpacingBetweenLines = new SpacingBetweenLines { Line = (exact ?? L.LinePitch).ToString(), LineRule = LineSpacingRuleValues.Exact, Before = "0", After = "0" },
            Indentation = right > 0 ? new Indentation { Right = right.ToString() } : null,
            Justification = new Justification { Val = align },
        };
        var p = new Paragraph(pp);
        if (run is not null) p.Append(run);
        return p;
    }

    /// <summary>A body paragraph: first line indented two characters, justified.</summary>
    private static Paragraph Indented(Run run) => new(
        new ParagraphProperties(
            new OverflowPunctuation { Val = false },
            new SpacingBetweenLines { Line = L.LinePitch.ToString(), LineRule = LineSpacingRuleValues.Exact, Before = "0", After = "0" },
            new Indentation { FirstLine = (OneChar * 2).ToString(), FirstLineChars = 200 },
            new Justification { Val = JustificationValues.Both }),
        run);

    private static Table RankingTable(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        int[] weights = header.Count == 5 ? [10, 42, 14, 17, 17] : Enumerable.Repeat(1, header.Count).ToArray();
        var widths = weights.Select(w => TextWidth * w / weights.Sum()).ToArray();
        var b = () => new TableBorders(
            new TopBorder { Val = BorderValues.Single, Size = 4 }, new LeftBorder { Val = BorderValues.Single, Size = 4 },
            new BottomBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 });
        var table = new Table(new TableProperties(new TableWidth { Type = TableWidthUnitValues.Dxa, Width = TextWidth.ToString() },
            new TableJustification { Val = TableRowAlignmentValues.Center }, b(), new TableLayout { Type = TableLayoutValues.Fixed }));
        table.Append(new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString() })));
        TableRow Row(IReadOnlyList<string> cells, bool head)
        {
            var row = new TableRow(head ? new TableRowProperties(new TableHeader(), new CantSplit()) : new TableRowProperties(new CantSplit()));
            for (var i = 0; i < cells.Count; i++)
                row.Append(new TableCell(new TableCellProperties(new TableCellWidth { Type = TableWidthUnitValues.Dxa, Width = widths[i].ToString() },
                        new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center }),
                    new Paragraph(new ParagraphProperties(new SpacingBetweenLines { Line = "360", LineRule = LineSpacingRuleValues.Exact, Before = "0", After = "0" },
                        new Justification { Val = i == 1 && !head ? JustificationValues.Left : JustificationValues.Center }),
                        Run(cells[i], head ? L.HeadingFont : L.BodyFont, L.RecordPt))));
            return row;
        }
        table.Append(Row(header, true));
        foreach (var r in rows) table.Append(Row(r, false));
        return table;
    }
}
