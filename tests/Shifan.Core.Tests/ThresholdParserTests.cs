using Shifan.Core.SelfAssessment;

namespace Shifan.Core.Tests;

public class ThresholdParserTests
{
    [Theory]
    [InlineData("市县级政务服务事项网上可办率不低于90%。", "市县级政务服务事项网上可办率", Comparison.AtLeast, 90, "%")]
    [InlineData("行政规范性文件的合法性审核率达100%。", "行政规范性文件的合法性审核率", Comparison.AtLeast, 100, "%")]
    [InlineData("办理后满意度达95%以上。", "办理后满意度", Comparison.AtLeast, 95, "%")]
    [InlineData("人民群众对化解社会矛盾纠纷工作的满意度达到85%以上。", "人民群众对化解社会矛盾纠纷工作的满意度", Comparison.AtLeast, 85, "%")]
    [InlineData("本级政府及有关部门涉及该项指标工作的案例（不少于3件）。", "本级政府及有关部门涉及该项指标工作的案例", Comparison.AtLeast, 3, "件")]
    [InlineData("最迟在事件发生后5小时内发布权威信息。", "最迟在事件发生后发布权威信息", Comparison.AtMost, 5, "小时")]
    [InlineData("承诺办理时限不超过5个工作日。", "承诺办理时限", Comparison.AtMost, 5, "个工作日")]
    [InlineData("行政执法部门负责人任期内至少接受一次法治专题脱产培训。", "行政执法部门负责人任期内接受", Comparison.AtLeast, 1, "次")]
    [InlineData("乡镇（街道）人民调解委员会有2名以上专职人民调解员。", "乡镇（街道）人民调解委员会有", Comparison.AtLeast, 2, "名")]
    [InlineData("专题培训不少于40学时。", "专题培训", Comparison.AtLeast, 40, "学时")]
    public void ReadsTheCommonForms(string text, string subject, Comparison comparison, int value, string unit)
    {
        var reading = ThresholdParser.Read(text);

        var t = Assert.Single(reading.Thresholds);
        Assert.Equal(subject, t.Subject);
        Assert.Equal(comparison, t.Comparison);
        Assert.Equal(value, t.Value);
        Assert.Equal(unit, t.UnitOfMeasure);
        Assert.Contains(t.Source, text);
        Assert.Empty(reading.Unparsed);
    }

    [Fact]
    public void ReadsSeveralInOneText()
    {
        var reading = ThresholdParser.Read("行政执法机关在执法决定作出之日起20个工作日内向社会公布执法信息；重大执法决定法制审核率达100%，且80%以上实现“一窗”分类受理。");

        Assert.Equal(3, reading.Thresholds.Count);
        Assert.Contains(reading.Thresholds, t => t.Comparison == Comparison.AtMost && t.Value == 20 && t.UnitOfMeasure == "个工作日");
        Assert.Contains(reading.Thresholds, t => t.Value == 100 && t.UnitOfMeasure == "%" && t.Subject == "重大执法决定法制审核率");
        Assert.Contains(reading.Thresholds, t => t.Value == 80 && t.UnitOfMeasure == "%");
    }

    [Fact]
    public void ListsWhatItCannotReadInsteadOfGuessing()
    {
        var reading = ThresholdParser.Read("行政诉讼败诉率不高于上一年度全国行政诉讼败诉率平均值。2019年以来获得省部级以上表彰。");

        Assert.Empty(reading.Thresholds);
        var clause = Assert.Single(reading.Unparsed);
        Assert.Contains("不高于上一年度全国", clause);
    }

    [Theory]
    [InlineData("2021年以来本级政府召开常务会议的会议纪要。")]
    [InlineData("（1）将服务型行政执法内容纳入年度培训计划。")]
    [InlineData("全面清理涉企收费、摊派事项和各类评比达标活动。")]
    [InlineData("")]
    public void FindsNothingInTextWithoutAStandard(string text)
    {
        var reading = ThresholdParser.Read(text);
        Assert.Empty(reading.Thresholds);
        Assert.Empty(reading.Unparsed);
    }

    [Fact]
    public void ComparesAFigureWithTheStandard()
    {
        var atLeast = ThresholdParser.Read("网上可办率不低于90%。").Thresholds.Single();
        var within = ThresholdParser.Read("5小时内发布权威信息。").Thresholds.Single();

        Assert.True(atLeast.IsMetBy(92.5m));
        Assert.True(atLeast.IsMetBy(90m));
        Assert.False(atLeast.IsMetBy(89.9m));
        Assert.True(within.IsMetBy(4m));
        Assert.False(within.IsMetBy(6m));
        Assert.Equal("不低于90%", atLeast.Rule);
    }

    [Theory]
    [InlineData("", "figure")]
    [InlineData("九十", "figure")]
    [InlineData("-3", "figure")]
    public void RefusesAFigureThatIsNotANumber(string figure, string field)
    {
        var refusal = ThresholdFigure.Validate(figure, "统计报表", out _);
        Assert.NotNull(refusal);
        Assert.Equal(field, refusal.Field);
    }

    [Fact]
    public void AcceptsAPercentFigureAndNeedsASource()
    {
        Assert.Null(ThresholdFigure.Validate("92.5%", "政务服务网统计", out var v));
        Assert.Equal(92.5m, v);
        Assert.Equal("source", ThresholdFigure.Validate("92.5", " ", out _)?.Field);
    }
}
