using Shifan.Core.Supervision;

namespace Shifan.Features.Dashboard;

/// <summary>One row of a breakdown (an area, a unit, a 测评方法): the four counts in <see cref="WorkStandings.All"/> order and the list behind each.</summary>
public sealed record Breakdown(string Label, IReadOnlyList<int> Counts, IReadOnlyList<string> Links, string? Light = null, string? LightName = null, string? Link = null)
{
    public int Total => Counts.Sum();
}

/// <summary>A figure with the list behind it.</summary>
public sealed record Figure(string Label, int Value, string Link);

public sealed record TrendRow(string Period, int LedgersOnTime, int LedgersLate, int LedgersMissing, int Submissions, int Approvals, int Returns);

public sealed record DashboardView(
    int CampaignId, string CampaignName, DateOnly Today, int? PeriodId, string? PeriodName, DateOnly? PeriodDueOn,
    IReadOnlyList<PeriodOption> Periods, string? StageName, DateOnly? StageDeadline, string LightRule,
    bool WholeCampaign, int Indicators, IReadOnlyList<Figure> ByState, IReadOnlyList<Figure> IndicatorLights, IReadOnlyList<Figure> UnitLights,
    IReadOnlyList<Breakdown> ByArea, IReadOnlyList<Breakdown> ByUnit, IReadOnlyList<Breakdown> ByMethod,
    IReadOnlyList<Figure> Ledgers, IReadOnlyList<TrendRow> Trend, IReadOnlyList<Figure> Attention,
    IReadOnlyList<Figure> Problems, IReadOnlyList<UnitProblems> ProblemsByUnit)
{
    public static IReadOnlyList<string> StateNames { get; } = WorkStandings.All.Select(WorkStandings.Name).ToList();
}

/// <summary>A unit's problems not yet closed (未销号) and how many of them are past their deadline, with the unit's 问题清单.</summary>
public sealed record UnitProblems(string Unit, int Open, int Overdue, string Link);

public sealed record DrillRow(IReadOnlyList<string> Cells, string? Link = null, string? Light = null);

/// <summary>The list behind a figure: what it counts, its columns and rows (at most 500, with the full count).</summary>
public sealed record DrillDown(string Title, IReadOnlyList<string> Columns, IReadOnlyList<DrillRow> Rows, int Total);

public sealed record RankingView(int CampaignId, int PeriodId, string PeriodName, string Formula, SettingsView Weights, IReadOnlyList<UnitScore> Units);

public sealed record SettingsView(int YellowDaysBeforeDue, int YellowReturns, int RedReturns, int WeightCompletion, int WeightTimeliness,
    int WeightReturns, int WeightApprovals, string? IssuingBody, string? NumberPrefix, string Rule);

public sealed record SettingsInput(int? YellowDaysBeforeDue, int? YellowReturns, int? RedReturns, int? WeightCompletion, int? WeightTimeliness,
    int? WeightReturns, int? WeightApprovals, string? IssuingBody, string? NumberPrefix);

/// <summary>The drill-down filters a figure links to (query string of /campaigns/{id}/dashboard/list and the API).</summary>
public sealed record DrillQuery(string? Kind, string? State, string? Light, int? Area, int? Unit, string? Method, int? Period);

public sealed record PeriodOption(int Id, string Name);
