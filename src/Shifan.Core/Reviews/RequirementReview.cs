namespace Shifan.Core.Reviews;

/// <summary>Where one unit's material for one material requirement stands.</summary>
public enum ReviewState
{
    /// <summary>未提交: nothing handed in yet, or changed after it was handed in (a draft the reviewer does not see).</summary>
    Draft,
    /// <summary>已提交: waiting for the lead unit (when a responsible unit handed it in) or the office.</summary>
    Submitted,
    /// <summary>牵头单位已审核: the lead unit passed it on; waiting for the office.</summary>
    LeadApproved,
    /// <summary>通过.</summary>
    Approved,
    /// <summary>退回: to be fixed and handed in again.</summary>
    Returned,
}

public enum ReviewAction { Submit, LeadApprove, Approve, Return, Reopen }

/// <summary>
/// The review of one unit's material for one material requirement (需报送材料 item) of an indicator:
/// its state, and the evidence versions the last submission or approval rested on.
/// </summary>
public sealed class RequirementReview : Units.IUnitOwned
{
    public int Id { get; set; }
    public int CampaignId { get; set; }
    public int NodeId { get; set; }
    public int MaterialRequirementId { get; set; }
    public int UnitId { get; set; }
    public ReviewState State { get; set; }
    /// <summary>Handed in by a responsible unit of an indicator that has a lead unit: the lead unit looks first.</summary>
    public bool NeedsLeadReview { get; set; }
    /// <summary>The material as submitted or approved (<see cref="ReviewPins"/>), so a later change is noticed.</summary>
    public string Pins { get; set; } = "";
    /// <summary>Why an item that was handed in or approved went back to 未提交 (a file replaced, deleted or added).</summary>
    public string? ReopenedBecause { get; set; }
    /// <summary>The reason of the last return, shown to the unit until it hands in again.</summary>
    public string? ReturnReason { get; set; }
    public string? ReturnComment { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<ReviewRound> Rounds { get; set; } = [];

    /// <summary>Waiting for somebody's decision (待审).</summary>
    public bool Pending => State is ReviewState.Submitted or ReviewState.LeadApproved;

    /// <summary>Waiting for the lead unit rather than the office.</summary>
    public bool AwaitsLead => State == ReviewState.Submitted && NeedsLeadReview;
}

/// <summary>One step in an item's history: who did what, when, on which versions, and why.</summary>
public sealed class ReviewRound
{
    public int Id { get; set; }
    public int ReviewId { get; set; }
    public ReviewAction Action { get; set; }
    public string Actor { get; set; } = "";
    public int? ActorUnitId { get; set; }
    public DateTimeOffset At { get; set; }
    public string? Reason { get; set; }
    public string? Comment { get; set; }
    /// <summary>The material this step rested on (<see cref="ReviewPins"/>).</summary>
    public string Pins { get; set; } = "";
}

/// <summary>A reason an office may give for returning material; the office edits its list.</summary>
public sealed class ReturnReason
{
    public int Id { get; set; }
    public int CampaignId { get; set; }
    public required string Name { get; set; }
    public int SortOrder { get; set; }
    public bool Active { get; set; } = true;
    /// <summary>A reason that says nothing by itself (其他): a comment is required with it.</summary>
    public bool NeedsComment { get; set; }

    public static IReadOnlyList<(string Name, bool NeedsComment)> Defaults { get; } =
        [("材料缺失", false), ("时间不符", false), ("内容不相关", false), ("数量不足", false), ("超出字数", false), ("缺少盖章", false), ("其他", true)];
}
