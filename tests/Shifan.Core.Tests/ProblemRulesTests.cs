using Shifan.Core.Problems;

namespace Shifan.Core.Tests;

/// <summary>The 问题清单's status machine: 待整改 → 整改中 → 待销号 → 已销号, 退回整改 back to 整改中, and the refusals that name their field.</summary>
public class ProblemRulesTests
{
    private static readonly DateOnly Today = new(2026, 12, 2);
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 2, 0, 0, TimeSpan.Zero);

    private static Problem Open() => new() { CampaignId = 1, No = 1, OwnerUnitId = 2, Description = "未公开", Deadline = Today.AddDays(10), Status = ProblemStatus.Open };

    [Fact]
    public void WalksFromOpenToClosedAndRecordsEachStep()
    {
        var p = Open();
        Assert.Null(p.Start());
        Assert.Equal(ProblemStatus.InProgress, p.Status);
        p.Record(ProblemAction.Start, "liaison1", Now);
        Assert.Null(p.SubmitProof([7, 3, 7], "  已公开  "));
        Assert.Equal(ProblemStatus.AwaitingClose, p.Status);
        Assert.Equal([3, 7], p.Proof);
        Assert.Equal("已公开", p.ProofNote);
        Assert.Null(p.Close("office1", Now));
        p.Record(ProblemAction.Close, "office1", Now);
        Assert.Equal(ProblemStatus.Closed, p.Status);
        Assert.True(p.IsClosed);
        Assert.Equal("office1", p.ClosedBy);
        Assert.Equal([ProblemStatus.InProgress, ProblemStatus.Closed], p.Steps.Select(s => s.Status));
    }

    [Fact]
    public void ProofIsRequiredToAskForClosingAndToClose()
    {
        var p = Open();
        var refusal = p.SubmitProof([], "整改完成");
        Assert.NotNull(refusal);
        Assert.Equal("proof", refusal.Field);
        Assert.Contains("佐证材料", refusal.Message);
        Assert.Equal(ProblemStatus.Open, p.Status);

        var close = p.Close("office1", Now);
        Assert.NotNull(close);
        Assert.Equal("proof", close.Field);
        Assert.Equal(ProblemStatus.Open, p.Status);

        // Even in 待销号, a problem whose proof list is empty is not closed.
        p.Status = ProblemStatus.AwaitingClose;
        Assert.Equal("proof", p.Close("office1", Now)?.Field);
        Assert.Null(p.ClosedAt);
    }

    [Fact]
    public void ReturnNeedsAReasonAndGoesBackToInProgress()
    {
        var p = Open();
        Assert.NotNull(p.ReturnForRework("不充分"));
        p.SubmitProof([1], null);
        var refusal = p.ReturnForRework("  ");
        Assert.Equal("reason", refusal?.Field);
        Assert.Equal("请填写退回理由", refusal?.Message);
        Assert.Equal(ProblemStatus.AwaitingClose, p.Status);
        Assert.Null(p.ReturnForRework(" 截图不清晰 "));
        Assert.Equal(ProblemStatus.InProgress, p.Status);
        Assert.Equal("截图不清晰", p.ReturnReason);
        // Handing in again clears the reason.
        Assert.Null(p.SubmitProof([1, 2], "已重新截图"));
        Assert.Null(p.ReturnReason);
    }

    [Fact]
    public void StepsOutOfOrderAreRefusedWithoutAField()
    {
        var p = Open();
        p.Start();
        Assert.Null(p.Start()?.Field);
        Assert.NotNull(p.Start());
        p.SubmitProof([1], null);
        Assert.NotNull(p.SubmitProof([1], null));
        p.Close("office1", Now);
        Assert.NotNull(p.Start());
        Assert.NotNull(p.SubmitProof([1], null));
        Assert.NotNull(p.ReturnForRework("再看看"));
        Assert.Equal(ProblemStatus.Closed, p.Status);
    }

    [Theory]
    [InlineData("", "整改", 1, "description")]
    [InlineData("问题", "整改", null, "deadline")]
    [InlineData("问题", "整改", -1, "deadline")]
    public void BadInputNamesTheField(string description, string measure, int? days, string field)
    {
        var refusal = Problem.Validate(description, measure, days is int d ? Today.AddDays(d) : null, Today);
        Assert.Equal(field, refusal?.Field);
        if (days == -1) Assert.Equal("整改时限不能早于今天", refusal?.Message);
    }

    [Fact]
    public void AnUnchangedPastDeadlineMayStayWhenEditingAndTodayIsAllowed()
    {
        Assert.Null(Problem.Validate("问题", "", Today.AddDays(-5), Today, deadlineChanged: false));
        Assert.Null(Problem.Validate("问题", "", Today, Today));
        Assert.NotNull(Problem.Validate(new string('长', Problem.TextMaxLength + 1), "", Today, Today));
    }

    [Fact]
    public void OverdueCountsFromTheDayAfterTheDeadlineUntilClosed()
    {
        var p = Open();
        p.Deadline = Today;
        Assert.False(p.IsOverdue(Today));
        Assert.True(p.IsOverdue(Today.AddDays(1)));
        p.Status = ProblemStatus.Closed;
        Assert.False(p.IsOverdue(Today.AddDays(1)));
    }
}
