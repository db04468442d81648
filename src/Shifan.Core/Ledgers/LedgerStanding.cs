namespace Shifan.Core.Ledgers;

/// <summary>Where a unit stands for a period, as the office's list shows it.</summary>
public enum LedgerStanding { NotStarted, Draft, Submitted, SubmittedLate, Late, Missing }

public static class LedgerStandings
{
    /// <summary>
    /// On time means submitted on or before the due date in China Standard Time; from the day after,
    /// a ledger not submitted is late (a draft exists) or missing (nothing started).
    /// </summary>
    public static LedgerStanding Of(DateOnly dueOn, DateOnly today, bool started, DateTimeOffset? firstSubmittedAt)
    {
        if (firstSubmittedAt is { } at) return ChinaTime.DateOf(at) > dueOn ? LedgerStanding.SubmittedLate : LedgerStanding.Submitted;
        if (today > dueOn) return started ? LedgerStanding.Late : LedgerStanding.Missing;
        return started ? LedgerStanding.Draft : LedgerStanding.NotStarted;
    }

    public static string Name(LedgerStanding standing) => standing switch
    {
        LedgerStanding.NotStarted => "未开始",
        LedgerStanding.Draft => "填报中",
        LedgerStanding.Submitted => "已提交",
        LedgerStanding.SubmittedLate => "逾期提交",
        LedgerStanding.Late => "逾期未交",
        _ => "逾期未报",
    };

    public static bool IsLate(LedgerStanding standing) => standing is LedgerStanding.Late or LedgerStanding.Missing or LedgerStanding.SubmittedLate;
}
