namespace Shifan.Core.Problems;

/// <summary>
/// One entry of the 问题清单: what falls short, on which indicator, whose it is to fix, how and by when; closed
/// (销号) only when the office approves its proof (对账销号). Every step is kept in <see cref="Steps"/>.
/// </summary>
public sealed class Problem : Units.IUnitOwned
{
    public const int TextMaxLength = 2000;

    public int Id { get; set; }
    public int CampaignId { get; set; }
    /// <summary>问题序号, counted per campaign.</summary>
    public int No { get; set; }
    public int? NodeId { get; set; }
    [Units.OwningUnit]
    public int OwnerUnitId { get; set; }
    public ProblemSource Source { get; set; }
    /// <summary>What it came from (the rating, the returned review or the 督查), for the link back.</summary>
    public int? SourceId { get; set; }
    public string Description { get; set; } = "";
    public string Measure { get; set; } = "";
    public DateOnly Deadline { get; set; }
    public ProblemStatus Status { get; set; }
    /// <summary>Evidence items that prove the fix, comma-separated ids.</summary>
    public string ProofEvidenceIds { get; set; } = "";
    public string ProofNote { get; set; } = "";
    /// <summary>Why the office sent the proof back, shown to the owner until it hands in again.</summary>
    public string? ReturnReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? ClosedBy { get; set; }
    public List<ProblemStep> Steps { get; set; } = [];

    public IReadOnlyList<int> Proof =>
        ProofEvidenceIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.TryParse(s, out var i) ? i : 0).Where(i => i > 0).ToList();

    public bool IsClosed => Status == ProblemStatus.Closed;

    /// <summary>Past its deadline and not closed (China Standard Time day).</summary>
    public bool IsOverdue(DateOnly today) => !IsClosed && Deadline < today;

    /// <summary>Checks the fields a user enters; the deadline may not lie before today.</summary>
    public static Refusal? Validate(string? description, string? measure, DateOnly? deadline, DateOnly today, bool deadlineChanged = true)
    {
        if (string.IsNullOrWhiteSpace(description)) return new Refusal("请填写问题描述", "description");
        if (description.Length > TextMaxLength) return new Refusal($"问题描述不能超过{TextMaxLength}字", "description");
        if (measure is { Length: > TextMaxLength }) return new Refusal($"整改措施不能超过{TextMaxLength}字", "measure");
        if (deadline is null) return new Refusal("请填写整改时限", "deadline");
        if (deadlineChanged && deadline < today) return new Refusal("整改时限不能早于今天", "deadline");
        return null;
    }

    public ProblemStep Record(ProblemAction action, string actor, DateTimeOffset at, string? note = null)
    {
        var step = new ProblemStep { Action = action, Actor = actor, At = at, Note = note, Status = Status };
        Steps.Add(step);
        UpdatedAt = at;
        return step;
    }

    /// <summary>The owner starts working on it (待整改 → 整改中).</summary>
    public Refusal? Start()
    {
        if (Status != ProblemStatus.Open) return new Refusal($"问题当前为{ProblemNames.Status(Status)}，不能开始整改");
        Status = ProblemStatus.InProgress;
        return null;
    }

    /// <summary>The owner hands in its proof (→ 待销号). Proof is required: evidence, not words alone.</summary>
    public Refusal? SubmitProof(IReadOnlyCollection<int> evidenceIds, string? note)
    {
        if (Status is ProblemStatus.Closed or ProblemStatus.AwaitingClose) return new Refusal($"问题当前为{ProblemNames.Status(Status)}，不能提交销号材料");
        if (evidenceIds.Count == 0) return new Refusal("请选择整改佐证材料，没有佐证材料不能申请销号", "proof");
        if (note is { Length: > TextMaxLength }) return new Refusal($"整改情况说明不能超过{TextMaxLength}字", "note");
        ProofEvidenceIds = string.Join(',', evidenceIds.Distinct().Order());
        ProofNote = note?.Trim() ?? "";
        ReturnReason = null;
        Status = ProblemStatus.AwaitingClose;
        return null;
    }

    /// <summary>The office approves the proof (对账销号).</summary>
    public Refusal? Close(string by, DateTimeOffset at)
    {
        if (Status != ProblemStatus.AwaitingClose) return new Refusal("只有待销号的问题才能销号；请先由责任单位提交整改佐证材料", "proof");
        if (Proof.Count == 0) return new Refusal("没有整改佐证材料，不能销号", "proof");
        Status = ProblemStatus.Closed;
        ClosedAt = at;
        ClosedBy = by;
        return null;
    }

    /// <summary>The office sends the proof back (退回整改).</summary>
    public Refusal? ReturnForRework(string? reason)
    {
        if (Status != ProblemStatus.AwaitingClose) return new Refusal("只有待销号的问题才能退回整改");
        if (string.IsNullOrWhiteSpace(reason)) return new Refusal("请填写退回理由", "reason");
        if (reason.Length > 500) return new Refusal("退回理由不能超过500字", "reason");
        ReturnReason = reason.Trim();
        Status = ProblemStatus.InProgress;
        return null;
    }
}
