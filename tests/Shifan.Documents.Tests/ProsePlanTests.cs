using System.Text;
using Shifan.Documents.Frameworks;
using Shifan.Documents.Import;
using static Shifan.Documents.Tests.Expect;

namespace Shifan.Documents.Tests;

/// <summary>The prose form of a work plan ("第N项指标：… 工作任务：（1）网络检索：…").</summary>
public class ProsePlanTests
{
    internal const string Plan = """
        某局法治政府建设示范创建工作方案

        一、指导思想
        以创建促提升，以示范带发展。
        二、任务分解
        第1项指标：向社会公布本部门全部行政审批事项清单。
        工作任务：
        （1）网络检索：本部门行政审批事项清单在网上公开。
        （2）材料查证：行政审批事项清单；办理时限压缩情况说明；以上材料汇总备查。
        （3）随机访谈：制定调查问卷，向办事群众访谈。
        责任科室：政策法规科、相关责任科室。
        第2项指标：行政规范性文件依法依规执行合法性审核程序。
        工作任务：
        材料查证：对照指标要求，汇总全部相关材料备查。
        责任科室：办公室、文件起草各科室、政策法规科。
        第3项指标：全面推行行政执法公示制度。
        工作任务：
        （1）实地核验：对照指标要求，做好实地核验准备。
        （2）材料查证：1.2019年以来行政执法公示情况说明。2.执法全过程记录制度文件。
        责任科室：政策法规科；各县(市、区)按职责分工分别负责。
        三、保障措施
        加强组织领导。
        """;

    private static NodeDto Ind(string code, string text, (string Method, string Text)[] tasks, MaterialDto[] materials, string[] responsible)
    {
        var n = Indicator(code, text, [.. tasks.Select(t => t.Method)], materials, responsible: responsible);
        n.Tasks = [.. tasks.Select(t => new TaskDto { Method = t.Method, Text = t.Text })];
        return n;
    }

    [Fact]
    public void EachTaskIsItsMethodAndMaterialCheckingGivesTheMaterials()
    {
        var file = FrameworkReader.Read(Encoding.UTF8.GetBytes(Plan), "plan.txt");
        var expected = new[]
        {
            Ind("1", "向社会公布本部门全部行政审批事项清单。",
                [("网络检索", "本部门行政审批事项清单在网上公开。"), ("材料查证", "行政审批事项清单；办理时限压缩情况说明；以上材料汇总备查。"), ("随机访谈", "制定调查问卷，向办事群众访谈。")],
                [M(1, "行政审批事项清单"), M(2, "办理时限压缩情况说明")], ["政策法规科", "相关责任科室"]),
            Ind("2", "行政规范性文件依法依规执行合法性审核程序。", [("材料查证", "对照指标要求，汇总全部相关材料备查。")],
                [M(1, "对照指标要求，汇总全部相关材料备查。")], ["办公室", "政策法规科"]),
            Ind("3", "全面推行行政执法公示制度。",
                [("实地核查", "对照指标要求，做好实地核验准备。"), ("材料查证", "1.2019年以来行政执法公示情况说明。2.执法全过程记录制度文件。")],
                [M(1, "2019年以来行政执法公示情况说明。", since: 2019), M(2, "执法全过程记录制度文件。")], ["政策法规科"]),
        };
        ImportLayoutTests.Same(TableFixture.Json(expected), file, "prose");
        Assert.DoesNotContain(file.Diagnostics, d => d.Message.Contains("没有标明测评方法"));
        Assert.Contains(file.Diagnostics, d => d.Message.Contains("文件起草各科室"));
    }

    [Theory]
    [InlineData("pingdingshan-edu-2021.txt")]
    [InlineData("pingdingshan-edu-2021.docx")]
    public void SeedPlanHasMaterialsAndNoFalseHints(string name)
    {
        var file = FrameworkReader.Read(TestSupport.ProjectFixtures.Seed(name));
        var indicators = file.AllNodes().Where(n => n.Kind == "indicator").ToList();
        Assert.DoesNotContain(file.Diagnostics, d => d.Message.Contains("没有标明测评方法"));
        Assert.All(indicators.Where(i => i.Methods.Contains("材料查证")), i => Assert.NotEmpty(i.Materials));
        Assert.DoesNotContain(indicators, i => i.ResponsibleUnits.Any(u => u.Contains("文件起草") || u.EndsWith("负责")));
        Assert.DoesNotContain(indicators, i => i.Materials.Any(m => m.Text.StartsWith("以上材料")));
    }
}

/// <summary>A plan of numbered indicators only gets its 一级/二级 levels back from the reference indicator system.</summary>
public class ReferenceLevelTests
{
    [Theory]
    [InlineData("pingdingshan-edu-2021.txt")]
    [InlineData("pingdingshan-edu-2021.docx")]
    public void NumberedOnlyPlanIsPlacedUnderTheReferenceAreasAndSaysHowSure(string name)
    {
        var file = FrameworkReader.Read(TestSupport.ProjectFixtures.Seed(name));
        var areas = file.Nodes.Where(n => n.Kind == "area").ToList();
        // In the reference system's order; this department's plan has nothing under 七.
        const string order = "一二三四五六七八九十";
        var codes = areas.Select(a => a.Code).ToList();
        Assert.Equal(["一", "二", "三", "四", "五", "六", "八"], codes.Take(7));
        Assert.Equal(codes.OrderBy(c => order.IndexOf(c[0])), codes);
        Assert.Equal(codes.Distinct(), codes);
        Assert.DoesNotContain(file.Nodes, n => n.Kind == "indicator");
        var first = areas[0].Children[0];
        Assert.Equal(("group", "1", "加大简政放权力度"), (first.Kind, first.Code, first.Title));
        Assert.Equal(["1", "2", "3"], first.Children.Take(3).Select(c => c.Code));
        // Each indicator's placement is reported, with how sure it is.
        Assert.Equal(86, file.Diagnostics.Count(d => d.Message.StartsWith("对应参考指标体系第")));
        Assert.Contains(file.Diagnostics, d => d.Location == "第3项指标" && d.Message.Contains("较确定，内容相似度100%"));
        Assert.Contains(file.Diagnostics, d => d.Location == "第10项指标" && d.Message.Contains("按前后指标推定"));
    }

    /// <summary>
    /// The whole framework the numbered-only plan gives, levels restored from the reference system, against the
    /// expected framework kept in tests/fixtures/expected (checked by hand against the plan and the reference system
    /// when it was written: 86 indicators under 8 areas and 27 groups, 2 bonus and 2 deduction items). To write it
    /// anew after a deliberate change: SHIFAN_WRITE_EXPECTED=1, then read the diff before committing it.
    /// </summary>
    [Theory]
    [InlineData("pingdingshan-edu-2021.docx")]
    [InlineData("pingdingshan-edu-2021.txt")]
    public void NumberedOnlyPlanGivesTheExpectedFrameworkWhole(string name)
    {
        var file = FrameworkReader.Read(TestSupport.ProjectFixtures.Seed(name));
        var expected = Path.Combine(Path.GetDirectoryName(TestSupport.ProjectFixtures.Seed(name))!, "..", "expected", "pingdingshan-edu-2021.framework.json");
        if (Environment.GetEnvironmentVariable("SHIFAN_WRITE_EXPECTED") == "1" && name.EndsWith(".docx"))
            File.WriteAllText(expected, TableFixture.Json(file.Nodes) + "\n");
        ImportLayoutTests.Same(File.ReadAllText(expected).TrimEnd('\n'), file, "expected-" + name);
    }

    [Fact]
    public void ShortPlanKeepsItsIndicatorsFlat()
    {
        var file = FrameworkReader.Read(System.Text.Encoding.UTF8.GetBytes(ProsePlanTests.Plan), "plan.txt");
        Assert.All(file.Nodes, n => Assert.Equal("indicator", n.Kind));
    }
}
