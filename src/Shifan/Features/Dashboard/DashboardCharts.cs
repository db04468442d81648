namespace Shifan.Features.Dashboard;

/// <summary>
/// The figures of a dashboard as the browser's charts draw them (wwwroot/js/dashboard.js): the server decides every
/// number, label and colour; the script only hands them to ECharts.
/// </summary>
public static class DashboardCharts
{
    public sealed record Series(string Name, IReadOnlyList<int> Data, string Color);

    public sealed record Chart(string Kind, IReadOnlyList<string> Categories, IReadOnlyList<Series> Series);

    private static readonly string[] StateColors = ["#52c41a", "#1677ff", "#fa541c", "#bfbfbf"];

    public static Dictionary<string, Chart> From(DashboardView v)
    {
        Chart Stack(IReadOnlyList<Breakdown> rows) => new("stack", rows.Select(r => r.Label).ToList(),
            DashboardView.StateNames.Select((n, i) => new Series(n, rows.Select(r => r.Counts[i]).ToList(), StateColors[i])).ToList());
        return new()
        {
            ["state"] = new("pie", v.ByState.Select(f => f.Label).ToList(), [new Series("指标数", v.ByState.Select(f => f.Value).ToList(), string.Join(",", StateColors))]),
            ["area"] = Stack(v.ByArea),
            ["unit"] = Stack(v.ByUnit),
            ["method"] = Stack(v.ByMethod),
            ["trend"] = new("line", v.Trend.Select(t => t.Period).ToList(),
            [
                new Series("台账按时", v.Trend.Select(t => t.LedgersOnTime).ToList(), "#52c41a"),
                new Series("台账逾期", v.Trend.Select(t => t.LedgersLate).ToList(), "#faad14"),
                new Series("台账未报", v.Trend.Select(t => t.LedgersMissing).ToList(), "#f5222d"),
                new Series("审核通过", v.Trend.Select(t => t.Approvals).ToList(), "#1677ff"),
                new Series("退回", v.Trend.Select(t => t.Returns).ToList(), "#fa541c"),
            ]),
        };
    }
}
