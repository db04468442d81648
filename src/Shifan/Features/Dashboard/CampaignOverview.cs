using Shifan.Core.Ledgers;
using Shifan.Core.Supervision;
using Shifan.Features.Campaigns;

namespace Shifan.Features.Dashboard;

/// <summary>One campaign in the side-by-side view of a city or province office.</summary>
public sealed record CampaignStanding(int CampaignId, string Name, string Region, string Status, string? Stage, int Indicators, int Approved,
    int ApprovedPercent, int Returned, int RedUnits, int YellowUnits, int LateLedgers, string? PeriodName);

/// <summary>
/// 各地创建活动总览: every campaign the caller sees (a city office sees its counties' and departments' campaigns through
/// the organisation tree), side by side with completion, red units and late ledgers within the caller's scope. The
/// figures are those of each campaign's dashboard (its default period), computed from the dashboard's own grouped
/// queries run once over all the campaigns (<see cref="DashboardService.SnapshotsAsync"/>), not one dashboard per campaign.
/// </summary>
public sealed class CampaignOverviewService(CampaignService campaigns, DashboardService dashboard, CampaignAccess access, StampedCache kept, TimeProvider clock)
{
    /// <summary>
    /// Kept per caller until the next write (ADR-024), like each campaign's dashboard, and recomputed in the background
    /// before it grows old (ADR-032): uncached, 100 campaigns take seconds, and no caller should wait for that.
    /// </summary>
    public Task<List<CampaignStanding>> ListAsync() =>
        kept.GetAsync("overview", access.Caller, Shifan.Core.ChinaTime.Today(clock).ToString("O"), ComputeAsync,
            refresh: sp => sp.GetRequiredService<CampaignOverviewService>().ComputeAsync());

    private async Task<List<CampaignStanding>> ComputeAsync()
    {
        var list = await campaigns.ListAsync();
        var snapshots = (await dashboard.SnapshotsAsync(list.Select(c => c.Id).ToList())).ToDictionary(s => s.Campaign.Id);
        return list.Where(c => snapshots.ContainsKey(c.Id)).Select(c =>
        {
            var s = snapshots[c.Id];
            var nodes = s.NodesInView.ToList();
            var standings = nodes.Select(n => s.IndicatorStanding(n.Id)).ToList();
            var lights = s.Units.Where(u => s.Holds(u.Id)).Select(u => s.UnitLight(u.Id)).ToList();
            var approved = standings.Count(x => x == WorkStanding.Approved);
            return new CampaignStanding(c.Id, c.Name, c.Region, c.Status, c.CurrentStage, nodes.Count, approved,
                nodes.Count == 0 ? 0 : (int)Math.Round(100.0 * approved / nodes.Count), standings.Count(x => x == WorkStanding.Returned),
                lights.Count(l => l == TrafficLight.Red), lights.Count(l => l == TrafficLight.Yellow),
                s.Period is null ? 0 : s.LedgerStandings.Values.Count(x => x is LedgerStanding.Late or LedgerStanding.Missing), s.Period?.Name);
        }).ToList();
    }
}
