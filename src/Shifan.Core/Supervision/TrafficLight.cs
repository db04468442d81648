namespace Shifan.Core.Supervision;

public enum TrafficLight { Green, Yellow, Red }

/// <summary>
/// The traffic-light rule, written once (ADR-019). For one unit's share of an indicator:
/// <list type="bullet">
/// <item>green when all its material is approved, whatever happened before;</item>
/// <item>red when it is overdue (the due date has passed and it is not handed in: 未开始 or 被退回), or when it has been returned at least <see cref="SupervisionSettings.RedReturns"/> times (default 2);</item>
/// <item>yellow when it is due within <see cref="SupervisionSettings.YellowDaysBeforeDue"/> days (default 3) and not handed in, or returned at least <see cref="SupervisionSettings.YellowReturns"/> times (default 1);</item>
/// <item>green otherwise (on track).</item>
/// </list>
/// A unit or an indicator shows the worst light of its shares; a unit whose ledger for the period is late or missing is at least yellow.
/// </summary>
public static class TrafficLights
{
    public static TrafficLight OfShare(WorkStanding standing, DateOnly? dueOn, DateOnly today, int returns, SupervisionSettings rules)
    {
        if (standing == WorkStanding.Approved) return TrafficLight.Green;
        var handedIn = standing == WorkStanding.Submitted;
        if (!handedIn && dueOn is { } due && due < today) return TrafficLight.Red;
        if (returns >= rules.RedReturns) return TrafficLight.Red;
        if (!handedIn && dueOn is { } soon && soon.DayNumber - today.DayNumber <= rules.YellowDaysBeforeDue) return TrafficLight.Yellow;
        if (returns >= rules.YellowReturns) return TrafficLight.Yellow;
        return TrafficLight.Green;
    }

    public static TrafficLight Worst(IEnumerable<TrafficLight> lights) => lights.DefaultIfEmpty(TrafficLight.Green).Max();

    public static string Name(TrafficLight light) => light switch
    {
        TrafficLight.Green => "绿灯",
        TrafficLight.Yellow => "黄灯",
        _ => "红灯",
    };

    public static string Key(TrafficLight light) => light switch
    {
        TrafficLight.Green => "green",
        TrafficLight.Yellow => "yellow",
        _ => "red",
    };

    public static TrafficLight? Parse(string? key) => key switch { "green" => TrafficLight.Green, "yellow" => TrafficLight.Yellow, "red" => TrafficLight.Red, _ => null };

    /// <summary>The rule in words, as the dashboard prints it under the lights.</summary>
    public static string Describe(SupervisionSettings r) =>
        $"绿灯：材料全部通过，或按进度推进；黄灯：距截止日期{r.YellowDaysBeforeDue}天内尚未提交，或被退回{r.YellowReturns}次及以上；" +
        $"红灯：已超过截止日期仍未提交（含退回后未重新提交），或被退回{r.RedReturns}次及以上。单位和指标取其各项任务中最差的灯色；本期台账逾期未报的单位至少为黄灯。";
}
