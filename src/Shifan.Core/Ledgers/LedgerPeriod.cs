namespace Shifan.Core.Ledgers;

public enum LedgerPeriodKind { Monthly, AdHoc }

/// <summary>A reporting period of the 工作台账: a calendar month (due on the campaign's due day of the next month) or an ad-hoc period for a 督查.</summary>
public sealed class LedgerPeriod
{
    public int Id { get; set; }
    public int CampaignId { get; set; }
    public LedgerPeriodKind Kind { get; set; }
    public required string Name { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }
    /// <summary>The last day a ledger counts as on time (China Standard Time); late from the day after.</summary>
    public DateOnly DueOn { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public const int DefaultDueDay = 5;

    /// <summary>"2026-11" for a monthly period, the id for an ad-hoc one: how the command names a period.</summary>
    public string Key => Kind == LedgerPeriodKind.Monthly ? StartsOn.ToString("yyyy-MM") : $"adhoc-{Id}";

    public static string KindName(LedgerPeriodKind kind) => kind == LedgerPeriodKind.Monthly ? "月度" : "督查";

    /// <summary>The month's period, due on <paramref name="dueDay"/> of the following month (the last day when the month is shorter).</summary>
    public static LedgerPeriod Monthly(int campaignId, int year, int month, int dueDay)
    {
        var start = new DateOnly(year, month, 1);
        var next = start.AddMonths(1);
        return new LedgerPeriod
        {
            CampaignId = campaignId, Kind = LedgerPeriodKind.Monthly, Name = $"{year}年{month}月",
            StartsOn = start, EndsOn = next.AddDays(-1), DueOn = DueIn(next, dueDay),
        };
    }

    public static DateOnly DueIn(DateOnly month, int dueDay) =>
        new(month.Year, month.Month, Math.Clamp(dueDay, 1, DateTime.DaysInMonth(month.Year, month.Month)));

    /// <summary>The months a campaign runs through, first to last.</summary>
    public static IEnumerable<(int Year, int Month)> MonthsBetween(DateOnly from, DateOnly to)
    {
        for (var m = new DateOnly(from.Year, from.Month, 1); m <= to; m = m.AddMonths(1)) yield return (m.Year, m.Month);
    }

    public bool Overlaps(LedgerPeriod other) => StartsOn <= other.EndsOn && other.StartsOn <= EndsOn;

    /// <summary>Checks the period's own fields and that it does not overlap another of the same kind (督查 periods run alongside months).</summary>
    public Refusal? Validate(IEnumerable<LedgerPeriod> existing)
    {
        if (string.IsNullOrWhiteSpace(Name)) return new Refusal("报送期名称不能为空", "name");
        if (Name.Length > 50) return new Refusal("报送期名称不能超过50个字", "name");
        if (EndsOn < StartsOn) return new Refusal("报送期结束日期不能早于开始日期", "endsOn");
        if (DueOn < StartsOn) return new Refusal("报送截止日期不能早于报送期开始日期", "dueOn");
        if (existing.FirstOrDefault(p => !ReferenceEquals(p, this) && (Id == 0 || p.Id != Id) && p.Kind == Kind && p.Overlaps(this)) is { } clash)
            return new Refusal($"报送期与“{clash.Name}”（{clash.StartsOn:yyyy-MM-dd}至{clash.EndsOn:yyyy-MM-dd}）重叠", "startsOn");
        return null;
    }
}
