using System.Text;
using Shifan.Documents.Frameworks;
using Shifan.Documents.Import;
using Shifan.TestSupport;

namespace Shifan.Documents.Tests;

public class TextImportTests
{
    [Fact]
    public void PastedJiyuanTextGivesTheSameFrameworkAsTheDocx()
    {
        var fromText = FrameworkReader.Read(ProjectFixtures.Seed("jiyuan-edu-2023.txt"));
        var fromDocx = FrameworkReader.Read(ProjectFixtures.Seed("jiyuan-edu-2023.docx"));
        Assert.Equal("text", fromText.Source.Format);
        Assert.Equal(Samples.Shape(fromDocx), Samples.Shape(fromText));
        Assert.DoesNotContain(fromText.Diagnostics, d => d.Severity == "error");
        ImportLayoutTests.Same(TableFixture.Json(fromDocx.Nodes), fromText, "jiyuan-text");
    }

    /// <summary>The seeds' other forms give the .docx's framework whole: every node's kind, code, title, text, goal, units, contacts, materials, methods and tasks.</summary>
    [Theory]
    [InlineData("jiyuan-edu-2023.docx", "jiyuan-edu-2023.xlsx")]
    [InlineData("pingdingshan-edu-2021.docx", "pingdingshan-edu-2021.txt")]
    public void EveryFormOfASeedGivesTheSameFramework(string docx, string other)
    {
        var fromDocx = FrameworkReader.Read(ProjectFixtures.Seed(docx));
        var fromOther = FrameworkReader.Read(ProjectFixtures.Seed(other));
        Assert.True(fromDocx.AllNodes().Count(n => n.Kind == "indicator") > 80);
        ImportLayoutTests.Same(TableFixture.Json(fromDocx.Nodes), fromOther, other);
    }

    [Theory]
    [InlineData("pingdingshan-edu-2021.txt")]
    [InlineData("pingdingshan-edu-2021.docx")]
    public void ProseWorkPlanGives86IndicatorsAndFourExtras(string name)
    {
        var file = FrameworkReader.Read(ProjectFixtures.Seed(name));
        var nodes = file.AllNodes().ToList();
        Assert.Equal(Enumerable.Range(1, 86).Select(i => i.ToString()), nodes.Where(n => n.Kind == "indicator").Select(n => n.Code));
        Assert.Equal(["1", "2"], nodes.Where(n => n.Kind == "bonus").Select(n => n.Code));
        Assert.Equal(["1", "2"], nodes.Where(n => n.Kind == "deduction").Select(n => n.Code));
        var first = nodes.First(n => n.Kind == "indicator");
        Assert.StartsWith("向社会公布本部门全部行政审批事项清单", first.Text);
        Assert.Equal(["网络检索", "材料查证", "随机访谈"], first.Tasks.Select(t => t.Method));
        Assert.Equal(first.Tasks.Select(t => t.Method), first.Methods);
        Assert.StartsWith("本部门全部行政审批事项清单在网上公开", first.Tasks[0].Text);
        Assert.Equal(["政策法规科", "相关责任科室"], first.ResponsibleUnits);
        Assert.DoesNotContain(nodes, n => n.Text.Contains("指导思想"));
    }

    [Fact]
    public void DamagedPdfTextRecoversEveryNumberAndReportsEachDamagedRow()
    {
        var file = FrameworkReader.Read(ProjectFixtures.Seed("xuchang-nr-2022.txt"));
        var indicators = file.AllNodes().Where(n => n.Kind == "indicator").ToList();
        Assert.True(indicators.Count >= 100, $"only {indicators.Count} indicators survived");
        Assert.Equal(indicators.Select(i => i.Code).Distinct().Count(), indicators.Count);
        Assert.Contains(indicators, i => i.Code == "1" && i.Text.StartsWith("全面普及行政审批服务"));
        var empty = indicators.Where(i => i.Text.Length == 0).ToList();
        Assert.All(empty, i => Assert.Contains(file.Diagnostics, d => d.Message == $"第{i.Code}项指标没有指标内容"));
        Assert.Contains(file.Diagnostics, d => d.Severity == "warning" && d.Message.Contains("推定为第88项"));
        Assert.All(file.Diagnostics.Where(d => d.Severity != "info"), d => Assert.Matches(@"^第\d+行$", d.Location));
        var withCircled = indicators.Single(i => i.Code == "23");
        Assert.Equal([1, 2], withCircled.Materials.Select(m => m.No));
        Assert.DoesNotContain(file.AllNodes(), n => n.Text.Contains("<p>"));
        Assert.Equal(10, file.AllNodes().Count(n => n.Kind == "area"));
    }

    [Fact]
    public void GbkEncodedTextIsReadAndSaysSo()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var utf8 = File.ReadAllText(ProjectFixtures.Seed("pingdingshan-edu-2021.txt"));
        var gbk = Encoding.GetEncoding("GBK").GetBytes(utf8);
        var file = FrameworkReader.Read(gbk, "plan.txt");
        Assert.Equal(86, file.AllNodes().Count(n => n.Kind == "indicator"));
        Assert.Contains(file.Diagnostics, d => d.Message.Contains("GB18030"));
    }

    [Fact]
    public void TabSeparatedTableWithNumbersInTheTextColumnIsRead()
    {
        var text = "一级指标\t二级指标\t三级指标\t测评方式\t报送材料\t责任单位\n" +
                   "一、政府职能\t1. 简政放权\t1 全面普及审批服务。\t查看资料、网络检索\t①情况说明；②典型案例不少于3件。\t政务服务科、各乡（镇、街道）\n" +
                   "\t\t2 依法实施行政许可。\t网络检索材料查证随机街访\t2021年以来的清理情况说明（600字以内）。\t政策法规科\n";
        var file = FrameworkReader.Read(Encoding.UTF8.GetBytes(text), "t.txt");
        var nodes = file.AllNodes().Where(n => n.Kind == "indicator").ToList();
        Assert.Equal(["1", "2"], nodes.Select(n => n.Code));
        Assert.Equal("全面普及审批服务。", nodes[0].Text);
        Assert.Equal(["材料查证", "网络检索"], nodes[0].Methods);
        Assert.Equal(3, nodes[0].Materials[1].MinCount);
        Assert.Equal(["政务服务科", "各乡（镇、街道）"], nodes[0].ResponsibleUnits);
        Assert.Equal(["网络检索", "材料查证", "随机访谈"], nodes[1].Methods);
        Assert.Equal(600, nodes[1].Materials[0].MaxChars);
        Assert.Equal(2021, nodes[1].Materials[0].Since);
    }
}
