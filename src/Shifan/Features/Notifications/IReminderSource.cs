namespace Shifan.Features.Notifications;

/// <summary>
/// One unit's open work due on one day: what the reminder scan turns into 到期提醒 before the day and
/// 逾期 (escalated to the unit head) after it. <paramref name="Key"/> names the source and the work, e.g.
/// "assignments" or "ledger:2026-11"; the scan adds the unit, the day and the step.
/// </summary>
public sealed record DueWork(int CampaignId, int UnitId, string UnitName, DateOnly DueOn, string Key, string What, string Link);

/// <summary>
/// A kind of deadline the reminder scan knows. Register more with
/// <c>services.AddScoped&lt;IReminderSource, MySource&gt;()</c> (the ledgers will add theirs); each returns
/// only work that is still open, so finished work is never nagged about.
/// </summary>
public interface IReminderSource
{
    Task<IReadOnlyList<DueWork>> DueAsync(IReadOnlyCollection<int> campaignIds, DateOnly first, DateOnly last, CancellationToken ct);
}
