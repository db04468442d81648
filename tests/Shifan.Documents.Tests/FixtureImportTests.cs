using Shifan.Documents.Import;
using Shifan.TestSupport;

namespace Shifan.Documents.Tests;

public class FixtureImportTests
{
    [Theory]
    [InlineData("jiyuan-edu-2023.docx")]
    [InlineData("jiyuan-edu-2023.xlsx")]
    public void JiyuanTableHasTheIndicatorsTheDocumentHas(string name)
    {
        var file = FrameworkReader.Read(ProjectFixtures.Seed(name));
        var nodes = file.AllNodes().ToList();
        var indicators = nodes.Where(n => n.Kind == "indicator").ToList();
        Assert.Equal(9, nodes.Count(n => n.Kind == "area"));
        Assert.Equal(Enumerable.Range(1, 87).Select(i => i.ToString()), indicators.Where(i => !i.Code.StartsWith('（')).Select(i => i.Code));
        Assert.Equal(["（1）", "（2）", "（3）", "（4）", "（4）", "（5）"], indicators.Where(i => i.Code.StartsWith('（')).Select(i => i.Code));
        Assert.Equal(2, nodes.Count(n => n.Kind == "bonus"));
        Assert.Equal(2, nodes.Count(n => n.Kind == "veto"));
        Assert.Equal(["（1）", "（2）", "（3）"], indicators.Single(i => i.Code == "42").Children.Select(c => c.Code));
        Assert.NotEmpty(indicators.Single(i => i.Code == "43").Children);
        var first = indicators.Single(i => i.Code == "1");
        Assert.Equal(["网络检索", "实地核查"], first.Methods);
        Assert.Equal(["政务服务和大数据管理局", "政务大数据中心"], first.LeadUnits);
        Assert.Equal(["行政审批科"], first.LeadSections);
        Assert.Equal(2, first.Materials.Count);
        Assert.Equal(2021, first.Materials[0].Since);
        Assert.Equal(["网络检索", "材料查证", "随机访谈"], indicators.Single(i => i.Code == "41").Methods);
    }
}
