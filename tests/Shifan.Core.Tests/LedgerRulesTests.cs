using Shifan.Core.Ledgers;

namespace Shifan.Core.Tests;

public class LedgerRulesTests
{
    [Fact]
    public void AMonthIsDueOnTheDueDayOfTheNextMonthClampedToItsLength()
    {
        var nov = LedgerPeriod.Monthly(1, 2026, 11, 5);
        Assert.Equal(("2026年11月", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), new DateOnly(2026, 12, 5)), (nov.Name, nov.StartsOn, nov.EndsOn, nov.DueOn));
        Assert.Equal("2026-11", nov.Key);
        Assert.Equal(new DateOnly(2027, 2, 28), LedgerPeriod.Monthly(1, 2027, 1, 31).DueOn);
        Assert.Equal(12, LedgerPeriod.MonthsBetween(new DateOnly(2026, 1, 15), new DateOnly(2026, 12, 1)).Count());
    }

    [Fact]
    public void PeriodsOfTheSameKindMayNotOverlap()
    {
        var existing = new[] { LedgerPeriod.Monthly(1, 2026, 11, 5) };
        var adHoc = new LedgerPeriod { Name = "专项督查", Kind = LedgerPeriodKind.AdHoc, StartsOn = new DateOnly(2026, 11, 10), EndsOn = new DateOnly(2026, 11, 20), DueOn = new DateOnly(2026, 11, 22) };
        Assert.Null(adHoc.Validate(existing));
        var refusal = LedgerPeriod.Monthly(1, 2026, 11, 5).Validate(existing);
        Assert.Contains("重叠", refusal!.Message);
        Assert.Equal("endsOn", new LedgerPeriod { Name = "x", Kind = LedgerPeriodKind.AdHoc, StartsOn = new DateOnly(2026, 2, 1), EndsOn = new DateOnly(2026, 1, 1) }.Validate([])!.Field);
    }

    [Fact]
    public void LatenessCountsInChinaTimeFromTheDayAfterTheDueDate()
    {
        var due = new DateOnly(2026, 12, 5);
        Assert.Equal(LedgerStanding.NotStarted, LedgerStandings.Of(due, due, started: false, null));
        Assert.Equal(LedgerStanding.Missing, LedgerStandings.Of(due, due.AddDays(1), started: false, null));
        Assert.Equal(LedgerStanding.Late, LedgerStandings.Of(due, due.AddDays(1), started: true, null));
        // 23:30 UTC on the 5th is already the 6th in Beijing: late.
        Assert.Equal(LedgerStanding.SubmittedLate, LedgerStandings.Of(due, due.AddDays(9), true, new DateTimeOffset(2026, 12, 5, 16, 30, 0, TimeSpan.Zero)));
        Assert.Equal(LedgerStanding.Submitted, LedgerStandings.Of(due, due.AddDays(9), true, new DateTimeOffset(2026, 12, 5, 15, 59, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void AnEmptyLedgerCannotBeSubmittedAndARevisionShowsWhatChanged()
    {
        var first = new Ledger { Entries = [new LedgerEntry { NodeId = 1, Code = "1", Title = "指标一" }, new LedgerEntry { NodeId = 2, Code = "2", Title = "指标二" }] };
        Assert.Contains("尚未填写", first.CheckSubmit()!.Message);
        first.Entries[0].Progress = LedgerProgress.InProgress;
        Assert.Null(first.CheckSubmit());
        first.Status = LedgerStatus.Submitted;
        Assert.NotNull(first.CheckSubmit());
        var second = first.NextRevision(DateTimeOffset.UtcNow, "liaison1");
        Assert.Equal((2, LedgerStatus.Draft), (second.Revision, second.Status));
        second.Entries[0].Progress = LedgerProgress.Done;
        second.Entries[0].Note = "已完成";
        var changes = LedgerDiff.Between(first, second);
        Assert.Equal([("1", "完成进度", "正在推进", "已完成"), ("1", "完成情况", "", "已完成")], changes.Select(c => (c.Code, c.Field, c.Before, c.After)));
        Assert.Equal(LedgerProgress.InProgress, first.Entries[0].Progress);
    }
}
