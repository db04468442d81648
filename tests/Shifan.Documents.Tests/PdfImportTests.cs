using Shifan.Documents.Frameworks;
using Shifan.Documents.Import;
using UglyToad.PdfPig.Writer;
using static Shifan.Documents.Tests.TableFixture;

namespace Shifan.Documents.Tests;

/// <summary>
/// A task table sent on as a PDF: each fixture is rendered to PDF by LibreOffice in the test and must import to
/// the same framework as the .docx it came from.
/// </summary>
public class PdfImportTests
{
    public static TheoryData<string> Tables => new() { "goal", "not-applicable", "multi-row", "long" };

    private static TableFixture Table(string name) => name switch
    {
        "goal" => ImportLayoutTests.GoalTable(),
        "not-applicable" => ImportLayoutTests.NotApplicableTable(),
        "multi-row" => ImportLayoutTests.MultiRowTable(),
        _ => LongTable(),
    };

    /// <summary>Forty indicators over several pages, the header row repeated on each.</summary>
    internal static TableFixture LongTable()
    {
        var t = new TableFixture().Row("序号", "指标（具体工作任务）", "测评方式", "主要提供资料", "牵头单位(及联系方式)", "责任单位");
        for (var i = 1; i <= 40; i++)
        {
            if (i % 10 == 1) t.Row(C($"{"一二三四"[i / 10]}、第{i / 10 + 1}方面的工作", 6));
            t.Row(i.ToString(), $"第{i}项工作任务：依法全面履行职责，按要求完成相关制度建设并向社会公开，接受群众监督。", "网络检索、材料查证",
                $"1.{2020 + i % 3}年以来的工作情况说明。\n2.相关制度文件不少于{i % 4 + 1}件。", $"司法局：66331{i:00}", "各乡（镇、街道）、县直各单位");
        }
        return t;
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public async Task PdfOfATableGivesTheSameFrameworkAsTheDocx(string name)
    {
        var table = Table(name);
        var fromDocx = ImportLayoutTests.ReadDocx(table);
        var pdf = await table.PdfAsync(name);
        var fromPdf = FrameworkReader.Read(pdf, name + ".pdf");
        Assert.Equal("pdf", fromPdf.Source.Format);
        ImportLayoutTests.Same(Json(fromDocx.Nodes), fromPdf, "pdf");
        if (name == "long")
        {
            Assert.Equal(40, fromPdf.AllNodes().Count(n => n.Kind == "indicator"));
            Assert.Contains(fromPdf.Diagnostics, d => d.Message == "跳过重复的表头行" && d.Location.StartsWith("第2页"));
        }
    }

    /// <summary>Each column layout (5 to 9 columns in any order, with and without 一级/二级 columns) as a PDF: the .docx's framework, whole.</summary>
    [Theory]
    [MemberData(nameof(ImportLayoutTests.Layouts), MemberType = typeof(ImportLayoutTests))]
    public async Task PdfOfEveryColumnLayoutGivesTheSameFrameworkAsTheDocx(string layout)
    {
        var table = ImportLayoutTests.LayoutTable(layout.Split('|'));
        var fromDocx = ImportLayoutTests.ReadDocx(table);
        var fromPdf = FrameworkReader.Read(await table.PdfAsync("layout"), "layout.pdf");
        Assert.Contains(fromDocx.AllNodes(), n => n.Kind == "indicator");
        ImportLayoutTests.Same(Json(fromDocx.Nodes), fromPdf, "pdf-layout");
    }

    /// <summary>
    /// The real task tables kept in the project, rendered by LibreOffice as an office would send them: every
    /// node (kind, code, title, goal, units, materials, methods) must be the same as from the .docx, across
    /// lines the page wrapped, rows a page break cut and header rows repeated on each page.
    /// </summary>
    [Theory]
    [InlineData("jiyuan-edu-2023")]
    [InlineData("pingdingshan-edu-2021")]
    public async Task PdfOfASeedTableGivesTheSameFrameworkAsTheDocx(string seed)
    {
        var docx = await File.ReadAllBytesAsync(Shifan.TestSupport.ProjectFixtures.Seed(seed + ".docx"));
        var fromDocx = FrameworkReader.Read(docx, seed + ".docx");
        var fromPdf = FrameworkReader.Read(await PdfOfAsync(docx, seed), seed + ".pdf");
        Assert.Equal("pdf", fromPdf.Source.Format);
        Assert.True(fromDocx.AllNodes().Count(n => n.Kind == "indicator") > 80);
        ImportLayoutTests.Same(Json(fromDocx.Nodes), fromPdf, "pdf-" + seed);
    }

    [Fact]
    public async Task PdfOfAProseWorkPlanGivesTheSameFrameworkAsTheDocx()
    {
        var lines = ProsePlanTests.Plan.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var docx = ProseDocx(lines);
        var fromDocx = FrameworkReader.Read(docx, "plan.docx");
        var fromPdf = FrameworkReader.Read(await PdfOfAsync(docx, "plan"), "plan.pdf");
        Assert.Equal(3, fromDocx.Nodes.Count);
        ImportLayoutTests.Same(Json(fromDocx.Nodes), fromPdf, "pdf");
    }

    /// <summary>
    /// The prose work plan printed from a browser instead of LibreOffice: Skia's PDF names many characters by their
    /// radicals (⾏政, ⼯作任务, 意⻅) and every page carries the browser's header and footer (date, title, the file's
    /// address, "2/27"). The same framework as the .docx, whole; before, not one 工作任务 was found and the footer
    /// landed inside the paragraphs.
    /// </summary>
    [Fact]
    public async Task PdfPrintedByABrowserGivesTheSameFrameworkAsTheDocx()
    {
        const string seed = "pingdingshan-edu-2021";
        var docx = await File.ReadAllBytesAsync(Shifan.TestSupport.ProjectFixtures.Seed(seed + ".docx"));
        var fromDocx = FrameworkReader.Read(docx, seed + ".docx");
        var pdf = await BrowserPdfOfAsync(docx, seed);
        Assert.Contains("Skia", System.Text.Encoding.Latin1.GetString(pdf)); // another writer than LibreOffice indeed
        var fromPdf = FrameworkReader.Read(pdf, seed + ".pdf");
        Assert.Equal(fromDocx.Title, fromPdf.Title);
        ImportLayoutTests.Same(Json(fromDocx.Nodes), fromPdf, "browser-pdf-" + seed);
    }

    [Theory]
    [InlineData("⾏政审批", "行政审批")]
    [InlineData("⼯作任务:(1)⽹络检索", "工作任务:(1)网络检索")]
    [InlineData("意⻅建议、⻔户⽹站、⻓效机制", "意见建议、门户网站、长效机制")]
    [InlineData("ﬁle 與 ﬂow", "file 與 flow")]
    [InlineData("\uF9D1", "六")] // a compatibility ideograph
    [InlineData("（一）目标要求：“马上办”", "（一）目标要求：“马上办”")] // full-width punctuation is left as it is
    public void RadicalsAndLigaturesReadAsTheCharactersTheyStandFor(string letters, string expected) =>
        Assert.Equal(expected, string.Concat(letters.Select(c => PdfCharacters.Unify(c.ToString()))));

    [Fact]
    public void PdfWithoutTextIsRefusedAsAnImage()
    {
        var builder = new PdfDocumentBuilder();
        var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        page.DrawRectangle(new UglyToad.PdfPig.Core.PdfPoint(50, 50), 200, 300);
        var ex = Assert.Throws<DocumentReadException>(() => FrameworkReader.Read(builder.Build(), "scan.pdf"));
        Assert.Contains("图片", ex.Message);
        Assert.Contains("文字识别", ex.Message);
    }
}
