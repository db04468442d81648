using Shifan.Core.Reviews;

namespace Shifan.Core.Supervision;

/// <summary>Where an indicator (or one unit's share of it) stands on the dashboard.</summary>
public enum WorkStanding { Approved, Submitted, Returned, NotStarted }

public static class WorkStandings
{
    public static IReadOnlyList<WorkStanding> All { get; } = [WorkStanding.Approved, WorkStanding.Submitted, WorkStanding.Returned, WorkStanding.NotStarted];

    public static string Name(WorkStanding s) => s switch
    {
        WorkStanding.Approved => "全部通过",
        WorkStanding.Submitted => "已提交",
        WorkStanding.Returned => "被退回",
        _ => "未开始",
    };

    public static string Key(WorkStanding s) => s switch
    {
        WorkStanding.Approved => "approved",
        WorkStanding.Submitted => "submitted",
        WorkStanding.Returned => "returned",
        _ => "notstarted",
    };

    public static WorkStanding? Parse(string? key) => All.Cast<WorkStanding?>().FirstOrDefault(s => Key(s!.Value) == key);

    /// <summary>
    /// One unit's share of an indicator from the counts of its material reviews per state: 全部通过 when it has
    /// reviews and all are approved; 被退回 when any is returned; 已提交 when any was handed in (waiting or
    /// approved); otherwise 未开始 (nothing, or only drafts).
    /// </summary>
    public static WorkStanding OfShare(IReadOnlyDictionary<ReviewState, int> counts)
    {
        int Of(ReviewState s) => counts.TryGetValue(s, out var n) ? n : 0;
        var total = counts.Values.Sum();
        if (total > 0 && Of(ReviewState.Approved) == total) return WorkStanding.Approved;
        if (Of(ReviewState.Returned) > 0) return WorkStanding.Returned;
        if (Of(ReviewState.Submitted) + Of(ReviewState.LeadApproved) + Of(ReviewState.Approved) > 0) return WorkStanding.Submitted;
        return WorkStanding.NotStarted;
    }

    /// <summary>An indicator over the shares of its units: 全部通过 when every share is; 被退回 when any is; 已提交 when any was handed in.</summary>
    public static WorkStanding OfIndicator(IReadOnlyCollection<WorkStanding> shares)
    {
        if (shares.Count > 0 && shares.All(s => s == WorkStanding.Approved)) return WorkStanding.Approved;
        if (shares.Contains(WorkStanding.Returned)) return WorkStanding.Returned;
        if (shares.Any(s => s is WorkStanding.Submitted or WorkStanding.Approved)) return WorkStanding.Submitted;
        return WorkStanding.NotStarted;
    }
}
