using Shifan.Core.Supervision;
using Shifan.Features.Campaigns;

namespace Shifan.Features.Dashboard;

/// <summary>One campaign in the side-by-side view of a city or province office.</summary>
public sealed record CampaignStanding(int CampaignId, string Name, string Region, string Status, string? Stage, int Indicators, int Approved,
    int ApprovedPercent, int Returned, int RedUnits, int YellowUnits, int LateLedgers, string? PeriodName);

/// <summary>
/// 各地创建活动总览: every campaign the caller sees (a city office sees its counties' and departments' campaigns through
/// the organisation tree), side by side with completion, red units and late ledgers, each figure from that campaign's
/// dashboard within the caller's scope.
/// </summary>
public sealed class CampaignOverviewService(CampaignService campaigns, DashboardService dashboard)
{
    public async Task<List<CampaignStanding>> ListAsync()
    {
        var list = new List<CampaignStanding>();
        foreach (var c in await campaigns.ListAsync())
        {
            var view = await dashboard.GetAsync(c.Id, null);
            int Figure(IReadOnlyList<Figure> figures, string label) => figures.FirstOrDefault(f => f.Label == label)?.Value ?? 0;
            var approved = Figure(view.ByState, WorkStandings.Name(WorkStanding.Approved));
            list.Add(new CampaignStanding(c.Id, c.Name, c.Region, c.Status, c.CurrentStage, view.Indicators, approved,
                view.Indicators == 0 ? 0 : (int)Math.Round(100.0 * approved / view.Indicators),
                Figure(view.ByState, WorkStandings.Name(WorkStanding.Returned)),
                Figure(view.UnitLights, TrafficLights.Name(TrafficLight.Red)), Figure(view.UnitLights, TrafficLights.Name(TrafficLight.Yellow)),
                Figure(view.Ledgers, "逾期未交") + Figure(view.Ledgers, "逾期未报"), view.PeriodName));
        }
        return list;
    }
}
