using Shifan.Core.Frameworks;

namespace Shifan.Core.Tests;

public class EvaluationMethodsTests
{
    [Fact]
    public void ResolvesUnseparatedRuns() =>
        Assert.Equal(["网络检索", "材料查证", "随机访谈"], EvaluationMethods.Parse("网络检索材料查证随机街访"));

    [Fact]
    public void MapsSynonymsToCanonicalNames() =>
        Assert.Equal(["材料查证", "实地核查", "案卷评查", "随机抽考", "满意度测评"],
            EvaluationMethods.Parse("查看资料、实地核验\n查阅案卷；网络考试 群众满意度测评"));

    [Fact]
    public void DropsDuplicatesKeepingFirstOrder() =>
        Assert.Equal(["实地核查", "网络检索"], EvaluationMethods.Parse("实地查看、网络检索、实地核查"));

    [Fact]
    public void KeepsUnknownMethodAsWritten() =>
        Assert.Equal(["网络检索", "第三方评估"], EvaluationMethods.Parse("网络检索、第三方评估"));

    [Fact]
    public void EmptyCellGivesNoMethods() => Assert.Empty(EvaluationMethods.Parse("  \n "));
}
