using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using UglyToad.PdfPig;

namespace Shifan.TestSupport;

/// <summary>The texts of an official document the layout checks look for: where the title, body, headings and 版头 are.</summary>
public sealed record OfficialTexts(string Number, string Title, string Body, string Heading, string? SubHeading, string IssuingBody);

/// <summary>
/// GB/T 9704-2012 read back from a generated .docx (page, margins, grid, fonts, 版头 rule, page numbers, 版记) and from
/// LibreOffice's rendering of it (A4 pages, line pitch, the binding side alternating, the text block's width). Used on
/// the writer's sample and on a bulletin the app generated and published.
/// </summary>
public static class OfficialDocumentLayout
{
    private static double Mm(double twips) => twips * 25.4 / 1440;

    private const string ClosingPunctuation = "，。、；：？！）》”’";

    public static void AssertGbT9704(Stream docx, OfficialTexts t)
    {
        using var doc = WordprocessingDocument.Open(docx, false);
        // Valid against the schema, so Word and WPS open it without a repair prompt (elements in their schema order).
        var errors = new DocumentFormat.OpenXml.Validation.OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2019).Validate(doc)
            .Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(10)));
        var main = doc.MainDocumentPart!;
        var sect = main.Document!.Body!.Elements<SectionProperties>().Single();
        var size = sect.GetFirstChild<PageSize>()!;
        var margin = sect.GetFirstChild<PageMargin>()!;
        Assert.Equal(210, Mm(size.Width!.Value), 0);
        Assert.Equal(297, Mm(size.Height!.Value), 0);
        Assert.Equal(37, Mm(margin.Top!.Value), 1);
        Assert.Equal(35, Mm(margin.Bottom!.Value), 1);
        Assert.Equal(28, Mm(margin.Left!.Value), 1);   // the binding side (inside, with mirrored margins)
        Assert.Equal(26, Mm(margin.Right!.Value), 1);
        Assert.Equal(156, Mm(size.Width!.Value - margin.Left!.Value - margin.Right!.Value), 0);
        Assert.Equal(225, Mm(size.Height!.Value - margin.Top!.Value - margin.Bottom!.Value), 0);
        var settings = main.DocumentSettingsPart!.Settings!;
        Assert.NotNull(settings.GetFirstChild<MirrorMargins>());
        Assert.NotNull(settings.GetFirstChild<EvenAndOddHeaders>());

        // 22 lines of 28 characters: the grid's pitch and every body paragraph's exact line spacing.
        var runs = main.Document.Body.Descendants<Run>().Where(r => r.InnerText.Length > 0).ToList();
        Run RunWith(string text) => runs.FirstOrDefault(r => r.InnerText.Contains(text)) ?? throw new Xunit.Sdk.XunitException($"no run with “{text}”");
        var grid = sect.GetFirstChild<DocGrid>()!;
        Assert.Equal(DocGridValues.Lines, grid.Type!.Value);
        Assert.Equal(225.0 / 22, Mm(grid.LinePitch!.Value), 1);
        // 28 characters of 16 pt plus their spacing fit the 156 mm line, 29 do not.
        var spacing = 16 + RunWith(t.Body).RunProperties!.Spacing!.Val!.Value / 20.0;
        Assert.True(spacing * 28 <= 156 * 72 / 25.4 && spacing * 29 > 156 * 72 / 25.4, $"character pitch {spacing} pt");
        var body = main.Document.Body.Elements<Paragraph>().Where(p => p.ParagraphProperties?.Indentation?.FirstLine?.Value == "640").ToList();
        Assert.True(body.Count >= 6, $"{body.Count} body paragraphs");
        Assert.All(body, p => Assert.Equal(grid.LinePitch!.Value.ToString(), p.ParagraphProperties!.SpacingBetweenLines!.Line!.Value));

        // Fonts: body 3号 仿宋_GB2312, title 2号 小标宋, headings 黑体 3号 and 楷体 3号; each with its fallback in the font table.
        (string? Font, string? Size) Of(Run r) => (r.RunProperties?.RunFonts?.EastAsia?.Value, r.RunProperties?.FontSize?.Val?.Value);
        Assert.Equal(("方正小标宋简体", "44"), Of(RunWith(t.Title)));
        Assert.Equal(("仿宋_GB2312", "32"), Of(RunWith(t.Body)));
        Assert.Equal(("黑体", "32"), Of(RunWith(t.Heading)));
        if (t.SubHeading is { } sub) Assert.Equal(("楷体_GB2312", "32"), Of(RunWith(sub)));
        Assert.Equal("FF0000", RunWith(t.IssuingBody).RunProperties!.Color!.Val!.Value);
        var fonts = main.FontTablePart!.Fonts!.Elements<Font>().ToDictionary(f => f.Name!.Value!, f => f.AltName?.Val?.Value);
        Assert.Equal("仿宋", fonts["仿宋_GB2312"]);
        Assert.Equal("楷体", fonts["楷体_GB2312"]);
        Assert.False(string.IsNullOrEmpty(fonts["方正小标宋简体"]));
        // The red rule under the 发文字号.
        var rule = main.Document.Body.Elements<Paragraph>().First(p => p.InnerText.Contains(t.Number));
        Assert.Equal("FF0000", rule.ParagraphProperties!.ParagraphBorders!.BottomBorder!.Color!.Value);

        // 版记 at the end: 抄送 between a thick rule above and a thin one below, then 印发机关 and 印发日期 over a thick rule, 4号 仿宋.
        var last = main.Document.Body.Elements<Paragraph>().TakeLast(2).ToList();
        Assert.StartsWith("　抄送：", last[0].InnerText);
        Assert.EndsWith("印发", last[1].InnerText);
        Assert.Equal((8u, 4u), (last[0].ParagraphProperties!.ParagraphBorders!.TopBorder!.Size!.Value, last[0].ParagraphProperties!.ParagraphBorders!.BottomBorder!.Size!.Value));
        Assert.Equal(8u, last[1].ParagraphProperties!.ParagraphBorders!.BottomBorder!.Size!.Value);
        Assert.All(last.SelectMany(p => p.Descendants<Run>()), r => Assert.Equal(("仿宋_GB2312", "28"), Of(r)));

        // Page numbers: 4号 宋体 "— N —", outside: right on odd pages, left on even ones.
        foreach (var (type, align) in new[] { (HeaderFooterValues.Default, JustificationValues.Right), (HeaderFooterValues.Even, JustificationValues.Left) })
        {
            var id = sect.Elements<FooterReference>().Single(f => f.Type!.Value == type).Id!.Value!;
            var footer = ((FooterPart)main.GetPartById(id)).Footer!;
            Assert.Equal("— 1 —", footer.InnerText);
            Assert.Equal(" PAGE ", footer.Descendants<SimpleField>().Single().Instruction!.Value);
            Assert.Equal(align, footer.Descendants<Justification>().Single().Val!.Value);
            Assert.All(footer.Descendants<Run>(), r => Assert.Equal(("宋体", "28"), Of(r)));
        }
    }

    /// <summary>Renders the .docx with LibreOffice and checks the printed pages; returns the PDF's path (in <paramref name="dir"/>).</summary>
    public static async Task<string> AssertPrintedAsync(string docxPath, string dir, OfficialTexts t, bool requireEvenBodyLine = true)
    {
        var pdf = await LibreOffice.ConvertToPdfAsync(docxPath, dir);
        if (Environment.GetEnvironmentVariable("SHIFAN_KEEP_RENDERS") is { Length: > 0 } keep)
        {
            File.Copy(pdf, Path.Combine(keep, Path.GetFileName(pdf)), overwrite: true);
            File.Copy(docxPath, Path.Combine(keep, Path.GetFileName(docxPath)), overwrite: true);
        }
        using var doc = PdfDocument.Open(pdf);
        var pages = doc.GetPages().ToList();
        Assert.True(pages.Count >= 2, $"only {pages.Count} page(s)");
        Assert.All(pages, p => { Assert.Equal(595, p.Width, 0); Assert.Equal(842, p.Height, 0); });
        var first = string.Concat(pages[0].GetWords().Select(w => w.Text));
        Assert.Contains(t.Number.Replace(" ", "").Replace("　", ""), first.Replace("　", ""));
        Assert.Contains(t.Title[^6..], first);
        Assert.Contains("—1—", first.Replace(" ", ""));
        Assert.Contains("—2—", string.Concat(pages[1].GetWords().Select(w => w.Text)).Replace(" ", ""));

        // Body lines sit 225 mm / 22 ≈ 28.95 pt apart (the most common gap between baselines of 16 pt text).
        var baselines = pages[0].Letters.Where(l => Math.Abs(l.PointSize - 16) < 0.6 || Math.Abs(l.FontSize - 16) < 0.6).Select(l => Math.Round(l.StartBaseLine.Y, 1)).Distinct().OrderByDescending(y => y).ToList();
        var gaps = baselines.Zip(baselines.Skip(1), (a, b) => Math.Round(a - b, 0)).ToList();
        Assert.NotEmpty(gaps);
        Assert.Equal(Math.Round(225 / 22.0 * 72 / 25.4, 0), gaps.GroupBy(g => g).OrderByDescending(g => g.Count()).First().Key);

        // The text block starts 28 mm from the left edge on odd pages and 26 mm on even ones (binding side inside).
        // Measured on 16 pt body text (the table's 14 pt text sits inside cell padding).
        static bool Body(UglyToad.PdfPig.Content.Letter l) => Math.Abs(l.PointSize - 16) < 0.6 && l.StartBaseLine.Y > 120 && l.StartBaseLine.Y < 700;
        // Only pages with a line that is not indented tell where the block starts (a page of short indented paragraphs does not).
        double Left(UglyToad.PdfPig.Content.Page p) => p.Letters.Where(Body).Min(l => l.BoundingBox.Left) * 25.4 / 72;
        Assert.InRange(Left(pages[0]), 28.0, 30.5);
        var even = pages.Where((p, i) => i % 2 == 1 && p.Letters.Any(Body) && Left(p) < 30.5).FirstOrDefault();
        Assert.True(even is not null || !requireEvenBodyLine, "no even page with a full body line");
        if (even is not null)
        {
            Assert.InRange(Left(even), 26.0, 28.5);
            Assert.InRange(Left(pages[0]) - Left(even), 1.5, 2.5);
        }

        // Full body lines fill the 156 mm text block and nothing but a line's closing punctuation runs past it. The .docx
        // forbids hanging punctuation (w:overflowPunct="0", which Word and WPS honour), but LibreOffice reads that
        // setting the other way round and hangs a closing mark in the margin; a letter never goes there.
        var body16 = pages[0].Letters.Where(Body).ToList();
        var left = body16.Min(l => l.BoundingBox.Left);
        var inside = body16.Where(l => !ClosingPunctuation.Contains(l.Value)).ToList();
        Assert.InRange((inside.Max(l => l.BoundingBox.Right) - left) * 25.4 / 72, 150.0, 156.5);
        var past = body16.Where(l => (l.BoundingBox.Right - left) * 25.4 / 72 > 156.5).Select(l => l.Value).ToList();
        Assert.All(past, v => Assert.Contains(v, ClosingPunctuation));
        return pdf;
    }
}
