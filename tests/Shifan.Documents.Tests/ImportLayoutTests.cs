using System.Text;
using Shifan.Documents.Frameworks;
using Shifan.Documents.Import;
using static Shifan.Documents.Tests.Expect;
using static Shifan.Documents.Tests.TableFixture;

namespace Shifan.Documents.Tests;

/// <summary>
/// Each layout offices send, as a small table built in the test: the .docx and the same table pasted as text
/// must import to exactly the expected framework (the whole framework JSON is compared).
/// </summary>
public class ImportLayoutTests
{
    internal static FrameworkFile ReadDocx(TableFixture t) => FrameworkReader.Read(t.Docx(), "table.docx");

    internal static FrameworkFile ReadPasted(TableFixture t) => FrameworkReader.Read(Encoding.UTF8.GetBytes(t.Pasted()), "pasted.txt");

    private static void AssertFramework(IEnumerable<NodeDto> expected, TableFixture table)
    {
        var want = Json(expected);
        Same(want, ReadDocx(table), "docx");
        Same(want, ReadPasted(table), "pasted");
        Same(want, FrameworkReader.Read(table.Xlsx(), "table.xlsx"), "xlsx");
    }

    /// <summary>Compares the framework JSON; on a difference, leaves both sides and the diagnostics in the temp folder to compare.</summary>
    internal static void Same(string want, FrameworkFile file, string form)
    {
        var got = Json(file.Nodes);
        if (want != got)
        {
            var dir = Path.Combine(Path.GetTempPath(), "shifan-import-diff");
            Directory.CreateDirectory(dir);
            var name = Guid.NewGuid().ToString("N")[..8];
            File.WriteAllText(Path.Combine(dir, name + ".want.json"), want);
            File.WriteAllText(Path.Combine(dir, name + "." + form + ".json"), got + "\n" + string.Join("\n", file.Diagnostics.Select(d => $"{d.Severity} {d.Location} {d.Message}")));
        }
        Assert.Equal(want, got);
    }

    /// <summary>A doubtful row is named by its table and row, counting every table of the document (a cover table before the task table is 表格1).</summary>
    [Fact]
    public void DiagnosticsNameTheTableAndRowAmongSeveralTables()
    {
        var cover = new TableFixture().Row("填报单位", "司法局").Row("填报时间", "2026年11月").Docx();
        var tasks = new TableFixture().Row("序号", "指标", "测评方法", "需报送材料", "牵头单位")
            .Row(C("一、依法全面履行政府职能", 5))
            .Row("1", "全面普及行政审批服务。", "网络检索", "审批服务情况说明。", "政务服务科")
            .Row("", "没有序号的一行。", "材料查证", "情况说明。", "司法局").Docx();
        using var ms = new MemoryStream();
        ms.Write(cover);
        using (var doc = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(ms, true))
        using (var other = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(tasks), false))
        {
            var body = doc.MainDocumentPart!.Document!.Body!;
            var table = (DocumentFormat.OpenXml.Wordprocessing.Table)other.MainDocumentPart!.Document!.Body!.Elements<DocumentFormat.OpenXml.Wordprocessing.Table>().Single().CloneNode(true);
            body.InsertBefore(table, body.Elements<DocumentFormat.OpenXml.Wordprocessing.SectionProperties>().FirstOrDefault());
        }
        var file = FrameworkReader.Read(ms.ToArray(), "two-tables.docx");
        Assert.Single(file.AllNodes(), n => n.Kind == "indicator");
        var doubtful = Assert.Single(file.Diagnostics, d => d.Severity != "info" && d.Location.Contains("第4行"));
        Assert.Equal("表格2 第4行", doubtful.Location);
    }

    // ---- 一级指标 with 目标要求 ----

    internal static TableFixture GoalTable() => new TableFixture()
        .Row("一级指标", "二级指标", "序号", "三级指标", "测评方法", "需报送材料", "牵头单位及联系方式")
        .Row("一、依法全面履行政府职能\n目标要求：政府职能依法全面履行，权责清单动态调整。", "1.加大简政放权力度", "1", "全面普及行政审批服务。",
            "网络检索、实地核查", "1.2021年以来的情况说明。\n2.典型案例不少于3件。", "政务服务科")
        .Row(Up, Up, "2", "依法实施行政许可。", "材料查证", "清理变相许可的情况说明。", "法规科")
        .Row(C("二、完善依法行政制度体系", 7))
        .Row(C("目标要求：依法行政制度体系完备，规范性文件合法有效。", 7))
        .Row("", "2.加强规范性文件监督管理", "3", "规范性文件备案率达到100%。", "材料查证", "备案情况统计表。", "法规科");

    [Fact]
    public void AreaGoalIsTheGoalNotPartOfTheTitle()
    {
        AssertFramework([
            Area("一", "依法全面履行政府职能", "政府职能依法全面履行，权责清单动态调整。",
                Group("1", "加大简政放权力度",
                    Indicator("1", "全面普及行政审批服务。", ["网络检索", "实地核查"],
                        [M(1, "2021年以来的情况说明。", since: 2021), M(2, "典型案例不少于3件。", min: 3)], ["政务服务科"]),
                    Indicator("2", "依法实施行政许可。", ["材料查证"], [M(1, "清理变相许可的情况说明。")], ["法规科"]))),
            Area("二", "完善依法行政制度体系", "依法行政制度体系完备，规范性文件合法有效。",
                Group("2", "加强规范性文件监督管理",
                    Indicator("3", "规范性文件备案率达到100%。", ["材料查证"], [M(1, "备案情况统计表。")], ["法规科"]))),
        ], GoalTable());
    }

    // ---- 分值 column: the document's points become the nodes' weights ----

    [Fact]
    public void PointsColumnBecomesTheIndicatorsWeight()
    {
        var table = new TableFixture()
            .Row("序号", "指标", "测评方法", "需报送材料", "牵头单位", "分值")
            .Row(C("一、依法全面履行政府职能", 6))
            .Row("1", "全面普及行政审批服务。", "网络检索", "审批服务情况说明。", "政务服务科", "2分")
            .Row("2", "依法实施行政许可。", "材料查证", "清理变相许可的情况说明。", "法规科", "1.5")
            .Row("3", "规范性文件备案率达到100%。", "材料查证", "备案情况统计表。", "法规科", "");
        foreach (var (file, form) in new[] { (ReadDocx(table), "docx"), (ReadPasted(table), "pasted"), (FrameworkReader.Read(table.Xlsx(), "table.xlsx"), "xlsx") })
        {
            var indicators = file.AllNodes().Where(n => n.Kind == "indicator").ToList();
            Assert.True(3 == indicators.Count, form);
            Assert.Equal([2m, 1.5m, null], indicators.Select(n => n.Weight));
            Assert.Equal(["政务服务科"], indicators[0].LeadUnits);
        }
    }

    // ---- 本项县区不涉及 ----

    internal static TableFixture NotApplicableTable() => new TableFixture()
        .Row("序号", "指标", "测评方法", "需报送材料", "牵头单位")
        .Row(C("一、依法全面履行政府职能", 5))
        .Row("1", "全面普及行政审批服务。", "网络检索", "审批服务情况说明。", "政务服务科")
        .Row("2", "市级统筹推进相对集中行政许可权改革。", C("本项县区不涉及", 3))
        .Row("3", "建立市级行政复议委员会。", C("本级不涉及", 3))
        .Row("4", "开展省级试点。", C("不适用", 3))
        .Row("5", "设立自由贸易试验区法治保障机制。", C("不涉及", 3));

    private static NodeDto NotApplicable(string code, string text, string reason)
    {
        var n = Indicator(code, text);
        n.NotApplicable = true;
        n.NotApplicableReason = reason;
        return n;
    }

    [Fact]
    public void MergedNotApplicableCellMarksTheIndicatorWithItsReason()
    {
        AssertFramework([
            Area("一", "依法全面履行政府职能", null,
                Indicator("1", "全面普及行政审批服务。", ["网络检索"], [M(1, "审批服务情况说明。")], ["政务服务科"]),
                NotApplicable("2", "市级统筹推进相对集中行政许可权改革。", "本项县区不涉及"),
                NotApplicable("3", "建立市级行政复议委员会。", "本级不涉及"),
                NotApplicable("4", "开展省级试点。", "不适用"),
                NotApplicable("5", "设立自由贸易试验区法治保障机制。", "不涉及")),
        ], NotApplicableTable());
    }

    [Fact]
    public void TheNotApplicableReasonIsKeptInTheFrameworkAndWrittenBack()
    {
        var file = new FrameworkFile { Title = "不涉及", Nodes = [Area("一", "依法全面履行政府职能", null, NotApplicable("2", "建立市级行政复议委员会。", "本级不涉及"))] };
        var (framework, _) = FrameworkMapping.ToDomain(file, "不涉及");
        var node = framework.Indicators.Single();
        Assert.True(node.NotApplicable);
        Assert.Equal("本级不涉及", node.NotApplicableReason);
        var back = FrameworkMapping.ToFile(framework).AllNodes().Single(n => n.Kind == "indicator");
        Assert.Equal("本级不涉及", back.NotApplicableReason);
    }

    // ---- 5 to 9 columns in any order ----

    private sealed record Spec(string Area, string Group, string No, string Text, string Methods, string Materials, string Lead,
        string Section, string Responsible, string Explanation);

    private static readonly Spec[] Specs =
    [
        new("一、依法全面履行政府职能", "1.加大简政放权力度", "1", "全面普及行政审批服务。", "网络检索、实地核查",
            "1.2021年以来的情况说明。\n2.典型案例不少于3件。", "政务服务和大数据管理局", "审批科", "各乡（镇、街道）", "说明审批服务普及情况。"),
        new("一、依法全面履行政府职能", "1.加大简政放权力度", "2", "依法实施行政许可。", "材料查证",
            "清理变相许可的情况说明。", "司法局", "法规科", "市场监管局", "说明清理情况。"),
        new("二、完善依法行政制度体系", "2.加强规范性文件监督管理", "3", "规范性文件备案率达到100%。", "材料查证、随机访谈",
            "1.备案情况统计表。\n2.备案审查制度文件。", "司法局", "备案科", "各部门", "说明备案情况。"),
    ];

    public static TheoryData<string> Layouts => new()
    {
        "序号|指标|测评方法|需报送材料|牵头单位",
        "一级指标|二级指标|序号|指标（具体工作任务）|测评方式|主要提供资料|牵头单位(及联系方式)|牵头科室|情况说明内容",
        "序号|具体工作任务|牵头单位|责任科室|报送材料|测评方式|情况说明内容",
        "二级指标|一级指标|序号|三级指标|需报送材料|测评方法|牵头单位（及联系方式）|责任单位",
        "序号|指标|牵头科室|测评方式|主要提供资料|牵头单位",
    };

    private static string Field(Spec s, string header) => header switch
    {
        "一级指标" => s.Area,
        "二级指标" => s.Group,
        "序号" => s.No,
        "测评方法" or "测评方式" => s.Methods,
        "需报送材料" or "主要提供资料" or "报送材料" => s.Materials,
        "牵头科室" => s.Section,
        "责任单位" or "责任科室" => s.Responsible,
        "情况说明内容" => s.Explanation,
        _ when header.StartsWith("牵头单位") => s.Lead,
        _ => s.Text,
    };

    internal static TableFixture LayoutTable(string[] headers)
    {
        var t = new TableFixture().Row(headers);
        var hasLevels = headers.Contains("一级指标");
        Spec? previous = null;
        foreach (var s in Specs)
        {
            if (!hasLevels && s.Area != previous?.Area) t.Row(C(s.Area, headers.Length));
            if (!hasLevels && s.Group != previous?.Group) t.Row(C(s.Group, headers.Length));
            t.Row(headers.Select(h => (object)(hasLevels && h is "一级指标" or "二级指标" && previous is not null && Field(previous, h) == Field(s, h)
                ? Up : C(Field(s, h)))).ToArray());
            previous = s;
        }
        return t;
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void ColumnsAreFoundByTheirHeaderWordsInAnyOrder(string layout)
    {
        var headers = layout.Split('|');
        bool Has(params string[] names) => headers.Any(h => names.Any(n => h.StartsWith(n)));
        NodeDto Ind(Spec s)
        {
            var n = Indicator(s.No, s.Text, s.Methods.Split('、'),
                CellParsers.ParseMaterials(s.Materials).ToArray(), Has("牵头单位") ? [s.Lead] : null, null,
                Has("牵头科室") ? [s.Section] : null, Has("责任") ? [s.Responsible] : null, Has("情况说明") ? s.Explanation : null);
            return n;
        }
        var expected = Specs.GroupBy(s => s.Area).Select(a => Area(a.Key[..1], a.Key[2..], null,
            a.GroupBy(s => s.Group).Select(g => Group(g.Key[..1], g.Key[2..], g.Select(Ind).ToArray())).ToArray())).ToList();
        AssertFramework(expected, LayoutTable(headers));
    }

    // ---- one indicator over several rows, one per lead unit; contacts ----

    internal static TableFixture MultiRowTable() => new TableFixture()
        .Row("序号", "指标", "测评方法", "需报送材料", "牵头单位及联系方式")
        .Row(C("一、依法全面履行政府职能", 5))
        .Row("1", "对各类证明事项实行清单管理。", "网络检索、材料查证", "1.审批清单。\n2.办理时限压缩情况。", "政务服务和大数据管理局：6835310")
        .Row(Up, Up, Up, "3.证明事项清单。", "司法局：6633112 / 15138821166 / fzzfcjb@163.com")
        .Row(Up, Up, Up, "4.公安证明清理情况。", "公安局\n6633000\n13800000000\nga@163.com")
        .Row("2", "依法实施行政许可。", "材料查证", "清理变相许可的情况说明。", "司法局\n联系方式：6633112")
        .Row("3", "推进价格改革。", "材料查证", "价格改革情况说明。", "发改委\n表中联系方式");

    [Fact]
    public void IndicatorOverSeveralRowsHasEachLeadUnitWithItsOwnMaterialsAndContacts()
    {
        const string gov = "政务服务和大数据管理局";
        AssertFramework([
            Area("一", "依法全面履行政府职能", null,
                Indicator("1", "对各类证明事项实行清单管理。", ["网络检索", "材料查证"],
                    [M(1, "审批清单。", gov), M(2, "办理时限压缩情况。", gov), M(3, "证明事项清单。", "司法局"), M(4, "公安证明清理情况。", "公安局")],
                    [gov, "司法局", "公安局"],
                    [Contact(gov, ["6835310"]), Contact("司法局", ["6633112", "15138821166"], ["fzzfcjb@163.com"]),
                        Contact("公安局", ["6633000", "13800000000"], ["ga@163.com"])]),
                Indicator("2", "依法实施行政许可。", ["材料查证"], [M(1, "清理变相许可的情况说明。")], ["司法局"], [Contact("司法局", ["6633112"])]),
                Indicator("3", "推进价格改革。", ["材料查证"], [M(1, "价格改革情况说明。")], ["发改委"])),
        ], MultiRowTable());
    }
}
