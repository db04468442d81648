using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Shifan.Documents.Bulletins;
using Shifan.TestSupport;
using UglyToad.PdfPig;

namespace Shifan.Documents.Tests;

/// <summary>The 督导通报 in the GB/T 9704-2012 layout: geometry and fonts read back from the .docx, and the pages LibreOffice prints.</summary>
public class BulletinDocumentTests
{
    private static BulletinDocument Sample(int units = 30) => new(
        "某县法治政府建设示范创建工作领导小组办公室", "创建办通报〔2026〕3号", "关于2026年11月法治政府建设示范创建工作推进情况的通报", "各成员单位：",
        [
            new("一、总体情况", ["截至2026年12月2日，共93项指标，其中材料全部审核通过12项，已提交待审20项，被退回待整改5项，尚未开始56项。2026年11月工作台账按时报送12个单位，逾期报送2个，逾期未报1个。"]),
            new("二、排名情况", ["根据2026年11月各单位指标完成率、台账报送及时性、材料退回和审核通过情况，按排名公式计算，各单位得分及排名如下："]),
            new("三、表扬单位", ["行政审批科、财审科、法规科工作推进有力，材料报送及时、质量较高，予以通报表扬。"]),
            new("四、进度滞后单位", ["体育科、安全科、督导室工作进度相对滞后，请对照指标要求抓紧整改，按时报送材料和台账。"]),
            new("五、存在问题", ["（一）材料质量有待提高。", "被退回待重新提交的材料5项，退回原因主要为“数量不足”3项、“时间不符”2项。", "（二）部分任务逾期未完成。已超过截止日期仍未提交的指标任务8项。"]),
            new("六、下步工作", ["请各单位对照时间节点抓紧推进：“全面自查”阶段工作于2026年12月21日前完成；2026年12月工作台账于2027年1月5日前报送。被退回的材料请于5个工作日内整改后重新提交。"]),
        ],
        ["名次", "单位", "得分", "完成率", "本期台账"],
        Enumerable.Range(1, units).Select(i => (IReadOnlyList<string>)[i.ToString(), $"第{i}科室", (100 - i * 2.5).ToString("0.0"), $"{100 - i * 3}%", i % 5 == 0 ? "逾期提交" : "已提交"]).ToList(),
        1, "某县法治政府建设示范创建工作领导小组办公室", "2026年12月2日", "领导小组各成员", "某县法治政府建设示范创建工作领导小组办公室", "2026年12月2日");

    private static double Mm(double twips) => twips * 25.4 / 1440;

    [Fact]
    public void PageGeometryFontsAndLinePitchFollowGbT9704()
    {
        using var ms = new MemoryStream();
        BulletinDocxWriter.Write(Sample(), ms);
        ms.Position = 0;
        using var doc = WordprocessingDocument.Open(ms, false);
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
        Run RunWith(string text) => runs.First(r => r.InnerText.Contains(text));
        var grid = sect.GetFirstChild<DocGrid>()!;
        Assert.Equal(DocGridValues.Lines, grid.Type!.Value);
        Assert.Equal(225.0 / 22, Mm(grid.LinePitch!.Value), 1);
        // 28 characters of 16 pt plus their spacing fit the 156 mm line, 29 do not.
        var spacing = 16 + RunWith("截至2026年12月2日").RunProperties!.Spacing!.Val!.Value / 20.0;
        Assert.True(spacing * 28 <= 156 * 72 / 25.4 && spacing * 29 > 156 * 72 / 25.4, $"character pitch {spacing} pt");
        var body = main.Document.Body.Elements<Paragraph>().Where(p => p.ParagraphProperties?.Indentation?.FirstLine?.Value == "640").ToList();
        Assert.True(body.Count >= 8);
        Assert.All(body, p => Assert.Equal(grid.LinePitch!.Value.ToString(), p.ParagraphProperties!.SpacingBetweenLines!.Line!.Value));

        // Fonts: body 3号 仿宋_GB2312, title 2号 小标宋, headings 黑体 3号; each with its fallback in the font table.
        (string? Font, string? Size) Of(Run r) => (r.RunProperties?.RunFonts?.EastAsia?.Value, r.RunProperties?.FontSize?.Val?.Value);
        Assert.Equal(("方正小标宋简体", "44"), Of(RunWith("推进情况的通报")));
        Assert.Equal(("仿宋_GB2312", "32"), Of(RunWith("截至2026年12月2日")));
        Assert.Equal(("黑体", "32"), Of(RunWith("一、总体情况")));
        Assert.Equal(("楷体_GB2312", "32"), Of(RunWith("（一）材料质量有待提高")));
        Assert.Equal("FF0000", RunWith("领导小组办公室").RunProperties!.Color!.Val!.Value);
        var fonts = main.FontTablePart!.Fonts!.Elements<Font>().ToDictionary(f => f.Name!.Value!, f => f.AltName?.Val?.Value);
        Assert.Equal("仿宋", fonts["仿宋_GB2312"]);
        Assert.Equal("楷体", fonts["楷体_GB2312"]);
        Assert.False(string.IsNullOrEmpty(fonts["方正小标宋简体"]));
        // The red rule under the 发文字号.
        var rule = main.Document.Body.Elements<Paragraph>().First(p => p.InnerText.Contains("〔2026〕3号"));
        Assert.Equal("FF0000", rule.ParagraphProperties!.ParagraphBorders!.BottomBorder!.Color!.Value);

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

    [Fact]
    public async Task LibreOfficePrintsA4PagesWithTheLinePitchAndTheBindingSideAlternating()
    {
        using var dir = new TempDirectory();
        var path = dir.File("督导通报.docx");
        await using (var fs = File.Create(path)) BulletinDocxWriter.Write(Sample(), fs);
        var pdf = await LibreOffice.ConvertToPdfAsync(path, dir.Path);
        if (Environment.GetEnvironmentVariable("SHIFAN_KEEP_RENDERS") is { Length: > 0 } keep) File.Copy(pdf, Path.Combine(keep, "督导通报.pdf"), overwrite: true);
        using var doc = PdfDocument.Open(pdf);
        var pages = doc.GetPages().ToList();
        Assert.True(pages.Count >= 2, $"only {pages.Count} page(s)");
        Assert.All(pages, p => { Assert.Equal(595, p.Width, 0); Assert.Equal(842, p.Height, 0); });
        var first = string.Concat(pages[0].GetWords().Select(w => w.Text));
        Assert.Contains("创建办通报〔2026〕3号", first);
        Assert.Contains("推进情况的通报", first);
        Assert.Contains("—1—", first.Replace(" ", ""));
        Assert.Contains("—2—", string.Concat(pages[1].GetWords().Select(w => w.Text)).Replace(" ", ""));

        // Body lines sit 225 mm / 22 ≈ 28.95 pt apart (the most common gap between baselines of 16 pt text).
        var page = pages.Last();
        var baselines = pages[0].Letters.Where(l => Math.Abs(l.PointSize - 16) < 0.6 || Math.Abs(l.FontSize - 16) < 0.6).Select(l => Math.Round(l.StartBaseLine.Y, 1)).Distinct().OrderByDescending(y => y).ToList();
        var gaps = baselines.Zip(baselines.Skip(1), (a, b) => Math.Round(a - b, 0)).ToList();
        Assert.NotEmpty(gaps);
        Assert.Equal(Math.Round(225 / 22.0 * 72 / 25.4, 0), gaps.GroupBy(g => g).OrderByDescending(g => g.Count()).First().Key);

        // The text block starts 28 mm from the left edge on odd pages and 26 mm on even ones (binding side inside).
        // Measured on 16 pt body text (the table's 14 pt text sits inside cell padding).
        double Left(UglyToad.PdfPig.Content.Page p) => p.Letters.Where(l => Math.Abs(l.PointSize - 16) < 0.6 && l.StartBaseLine.Y > 120 && l.StartBaseLine.Y < 700).Min(l => l.BoundingBox.Left) * 25.4 / 72;
        var even = pages.Where((p, i) => i % 2 == 1 && p.Letters.Any(l => Math.Abs(l.PointSize - 16) < 0.6 && l.StartBaseLine.Y > 120 && l.StartBaseLine.Y < 700)).First();
        Assert.InRange(Left(pages[0]), 28.0, 30.5);
        Assert.InRange(Left(even), 26.0, 28.5);
        Assert.InRange(Left(pages[0]) - Left(even), 1.5, 2.5);
        _ = page;

        // Full body lines fill the 156 mm text block and no line runs past it.
        var body16 = pages[0].Letters.Where(l => Math.Abs(l.PointSize - 16) < 0.6 && l.StartBaseLine.Y > 120 && l.StartBaseLine.Y < 700).ToList();
        var width = (body16.Max(l => l.BoundingBox.Right) - body16.Min(l => l.BoundingBox.Left)) * 25.4 / 72;
        Assert.InRange(width, 150.0, 156.5);
    }
}
