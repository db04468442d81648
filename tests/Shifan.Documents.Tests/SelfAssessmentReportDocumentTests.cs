using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Shifan.Core.Frameworks;
using Shifan.Core.SelfAssessment;
using Shifan.Documents.SelfAssessment;
using Shifan.TestSupport;
using UglyToad.PdfPig;

namespace Shifan.Documents.Tests;

/// <summary>
/// The 自评报告 written from a 100-indicator campaign, as a .docx in the GB/T 9704 layout: read back from the file, and
/// printed by LibreOffice to PDF, where its headings, the total score, an area's score and a problem are found again.
/// </summary>
public class SelfAssessmentReportDocumentTests
{
    private static (SelfAssessmentFacts Facts, SelfAssessmentDocument Document, Scorecard Card) Sample()
    {
        var facts = SelfAssessmentSamples.Facts();
        var card = Scorecard.Compute(facts.Framework, Scorecard.Effective(facts.Ratings));
        return (facts, SelfAssessmentComposer.Compose(facts), card);
    }

    private static string Squeeze(string text) => new(text.Where(c => !char.IsWhiteSpace(c)).ToArray());

    [Fact]
    public void BodyMarkupSplitsTablesSubheadingsAndParagraphs()
    {
        var blocks = ReportBody.Parse("（一）政府职能\n| 指标 | 得分 |\n| 1. 甲 | 2.5 |\n\n1. 第一项指标\n正文一段。\n" + ReportBody.Row("a|b", "c\nd"));
        Assert.Equal([ReportBlockKind.Subheading, ReportBlockKind.Table, ReportBlockKind.Item, ReportBlockKind.Paragraph, ReportBlockKind.Table], blocks.Select(b => b.Kind).ToArray());
        Assert.Equal(["1. 甲", "2.5"], blocks[1].Rows[1]);
        // A "|" or a line break inside a cell cannot break the row.
        Assert.Equal(["a｜b", "c d"], blocks[4].Rows[0]);
    }

    [Fact]
    public void TheDocxHasTheOfficialPageTheSectionsAndTablesThatFitTheTextBlock()
    {
        var (_, document, card) = Sample();
        using var ms = new MemoryStream();
        SelfAssessmentDocxWriter.Write(document, ms);
        ms.Position = 0;
        using var doc = WordprocessingDocument.Open(ms, false);
        var body = doc.MainDocumentPart!.Document!.Body!;
        var sect = body.Elements<SectionProperties>().Single();
        var size = sect.GetFirstChild<PageSize>()!;
        var margin = sect.GetFirstChild<PageMargin>()!;
        Assert.Equal(156, (size.Width!.Value - margin.Left!.Value - margin.Right!.Value) * 25.4 / 1440, 0);
        Assert.Equal(225, (size.Height!.Value - margin.Top!.Value - margin.Bottom!.Value) * 25.4 / 1440, 0);
        (string? Font, string? Size) Of(string text) => body.Descendants<Run>().First(r => r.InnerText.Contains(text)) is var r
            ? (r.RunProperties?.RunFonts?.EastAsia?.Value, r.RunProperties?.FontSize?.Val?.Value) : default;
        Assert.Equal(("方正小标宋简体", "44"), Of("某县法治政府建设示范创建自评报告"));
        Assert.Equal(("黑体", "32"), Of("二、自评得分"));
        Assert.Equal(("楷体_GB2312", "32"), Of("（一）政府职能依法全面履行"));
        Assert.Equal(("仿宋_GB2312", "32"), Of($"自评总分{Scorecard.F(card.Total)}分"));
        // Every table spans exactly the 156 mm text block.
        var tables = body.Elements<Table>().ToList();
        Assert.True(tables.Count >= 10, $"{tables.Count} tables");
        Assert.All(tables, t => Assert.Equal(Bulletins.OfficialLayout.Twips(156), t.GetFirstChild<TableGrid>()!.Elements<GridColumn>().Sum(c => int.Parse(c.Width!.Value!))));
        var footer = doc.MainDocumentPart.FooterParts.First().Footer!;
        Assert.Equal("— 1 —", footer.InnerText);
    }

    [Fact]
    public async Task LibreOfficePrintsTheReportWithItsHeadingsScoresAndProblems()
    {
        var (facts, document, card) = Sample();
        using var dir = new TempDirectory();
        var path = dir.File("自评报告.docx");
        await using (var fs = File.Create(path)) SelfAssessmentDocxWriter.Write(document, fs);
        OoxmlValidity.AssertValid(path);
        var pdf = await LibreOffice.ConvertToPdfAsync(path, dir.Path);
        if (Environment.GetEnvironmentVariable("SHIFAN_KEEP_RENDERS") is { Length: > 0 } keep)
        {
            File.Copy(pdf, Path.Combine(keep, "自评报告.pdf"), overwrite: true);
            File.Copy(path, Path.Combine(keep, "自评报告.docx"), overwrite: true);
        }
        using var doc = PdfDocument.Open(pdf);
        var pages = doc.GetPages().ToList();
        Assert.True(pages.Count >= 10, $"only {pages.Count} pages for 100 indicators");
        Assert.All(pages, p => { Assert.Equal(595, p.Width, 0); Assert.Equal(842, p.Height, 0); });
        var text = Squeeze(string.Concat(pages.Select(p => string.Concat(p.GetWords().Select(w => w.Text)) + "\n")));

        Assert.Contains("某县法治政府建设示范创建自评报告", text);
        foreach (var heading in new[] { "一、基本情况", "二、自评得分", "三、指标完成情况", "四、存在问题及整改情况", "五、下一步工作" })
            Assert.Contains(heading, text);
        // The figures, as the scorecard computes them: the total, an area's score in the table, a problem and its measure.
        Assert.Contains($"自评总分{Scorecard.F(card.Total)}分", text);
        var area = card.Nodes.First(n => n.Kind == NodeKind.Area);
        Assert.Contains($"本项一级指标分值{Scorecard.F(area.Points)}分，自评得分{Scorecard.F(area.Score)}分", text);
        Assert.Contains(Squeeze(SelfAssessmentSamples.FirstProblem), text);
        Assert.Contains($"自查自评中共发现问题{facts.Problems.Count}个", text);
        Assert.Contains("—1—", Squeeze(string.Concat(pages[0].GetWords().Select(w => w.Text))));

        // The score table's cells print inside the text block (28 mm from the left edge on odd pages, at most 156 mm wide).
        var tablePage = pages.First(p => Squeeze(string.Concat(p.GetWords().Select(w => w.Text))).Contains("二、自评得分"));
        var small = tablePage.Letters.Where(l => Math.Abs(l.PointSize - 12) < 0.6).ToList();
        Assert.NotEmpty(small);
        var left = small.Min(l => l.BoundingBox.Left) * 25.4 / 72;
        var right = small.Max(l => l.BoundingBox.Right) * 25.4 / 72;
        Assert.InRange(left, 25.5, 60);
        Assert.InRange(right, 60, 210 - 25.5);
    }

    [Fact]
    public async Task LibreOfficePrintsAUnitsSelfCheckReportWithOnlyItsIndicatorsAndProblems()
    {
        var all = SelfAssessmentSamples.Facts();
        var unit = all.Problems[0].OwnerUnitId;
        var facts = all with { UnitId = unit, Author = all.UnitNames[unit] };
        var card = Scorecard.Compute(facts.Framework, Scorecard.Effective(facts.Ratings));
        var held = facts.Assignments.Where(a => a.UnitId == unit).Select(a => a.NodeId).ToHashSet();
        var mine = facts.Framework.Indicators.Where(n => held.Contains(n.Id)).ToList();
        var points = mine.Select(n => card.For(n.Id)).Where(x => x is { Counted: true }).Sum(x => x!.Points);
        using var dir = new TempDirectory();
        var path = dir.File("自查报告.docx");
        await using (var fs = File.Create(path)) SelfAssessmentDocxWriter.Write(SelfAssessmentComposer.Compose(facts), fs);
        OoxmlValidity.AssertValid(path);
        using var doc = PdfDocument.Open(await LibreOffice.ConvertToPdfAsync(path, dir.Path));
        var text = Squeeze(string.Concat(doc.GetPages().Select(p => string.Concat(p.GetWords().Select(w => w.Text)) + "\n")));
        Assert.Contains($"{all.UnitNames[unit]}法治政府建设示范创建自查报告", text);
        Assert.Contains($"本单位承担的{mine.Count}项指标分值合计{Scorecard.F(points)}分", text);
        // Its own problem (the sample's first) is there; another unit's is not.
        Assert.Contains(Squeeze(SelfAssessmentSamples.FirstProblem), text);
        var other = facts.Problems.First(p => p.OwnerUnitId != unit);
        Assert.DoesNotContain(Squeeze(other.Description), text);
    }
}
