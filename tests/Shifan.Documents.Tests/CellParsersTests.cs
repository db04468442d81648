using Shifan.Documents.Import;

namespace Shifan.Documents.Tests;

public class CellParsersTests
{
    [Fact]
    public void NeverSplitsInsideBrackets() =>
        Assert.Equal(["各乡（镇、街道）", "市场监管局", "司法局"], CellParsers.SplitNames("各乡（镇、街道）、市场监管局，司法局"));

    [Fact]
    public void SeparatesContactsFromUnitNamesBrokenOverLines()
    {
        var (units, contacts) = CellParsers.ParseUnitsWithContacts("政务服务和大数据\n管理局：6835310\n18340006070\njyzwfwhdsj@163.com\n政务大数据中心：6835509\n15138808008");
        Assert.Equal(["政务服务和大数据管理局", "政务大数据中心"], units);
        Assert.Equal(["6835310", "18340006070"], contacts[0].Phones);
        Assert.Equal(["jyzwfwhdsj@163.com"], contacts[0].Emails);
        Assert.Equal("政务大数据中心", contacts[1].Unit);
        Assert.Equal(["6835509", "15138808008"], contacts[1].Phones);
    }

    [Fact]
    public void UnitCellWithoutContactsIsSplitAsNames() =>
        Assert.Equal(["市委办", "政府办（政务公开办）"], CellParsers.ParseUnitsWithContacts("市委办\n政府办（政务公开办）").Units);

    [Fact]
    public void SplitsNumberedMaterialsIncludingInlineNumbers()
    {
        var m = CellParsers.ParseMaterials("1.2021年以来本级政府清理变相设置行政许可事项的情况说明。\n2.取消非行政许可审批事项的情况说明。3.该项指标的政策文件、信息报道截图及网址等佐证材料。");
        Assert.Equal([1, 2, 3], m.Select(x => x.No));
        Assert.Equal(2021, m[0].Since);
        Assert.StartsWith("2021年以来", m[0].Text);
        Assert.Null(m[1].Since);
    }

    [Theory]
    [InlineData("提供不少于3件典型案例。", 3, null)]
    [InlineData("典型案卷不超过5件。", null, 5)]
    [InlineData("任选3-5个执法部门的案卷。", 3, 5)]
    [InlineData("至少三份会议纪要。", 3, null)]
    public void ReadsCountsFromProse(string text, int? min, int? max)
    {
        var m = CellParsers.Material(1, text, null);
        Assert.Equal(min, m.MinCount);
        Assert.Equal(max, m.MaxCount);
    }

    [Fact]
    public void ReadsCharacterLimitAndOwner()
    {
        var m = CellParsers.Material(2, "2022年以来开展证明事项清理的情况说明（1000字以内）。（市场监管局）", null);
        Assert.Equal(1000, m.MaxChars);
        Assert.Equal(2022, m.Since);
        Assert.Equal("市场监管局", m.Unit);
    }

    [Fact]
    public void NoMaterialNeededGivesEmptyList() => Assert.Empty(CellParsers.ParseMaterials("不需提供材料。"));
}
