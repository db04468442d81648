using Shifan.Core.Problems;

namespace Shifan.Features.Problems;

/// <summary>One line of the 问题清单 as the list and the exports show it.</summary>
public sealed record ProblemRow(int Id, int No, int? NodeId, string? IndicatorCode, string? IndicatorTitle, int OwnerUnitId, string OwnerUnitName,
    string Source, string SourceKey, int? SourceId, string Description, string Measure, DateOnly Deadline, string Status, string StatusKey, bool Overdue,
    DateTimeOffset? ClosedAt, string? ClosedBy);

/// <summary>One step of a problem's timeline.</summary>
public sealed record ProblemStepRow(string Action, string Status, string Actor, DateTimeOffset At, string? Note);

/// <summary>An evidence item offered as, or given as, proof of a fix.</summary>
public sealed record ProofItem(int Id, string Title, string? IndicatorCode, string UnitName, bool Deleted = false);

/// <summary>A problem with its proof, its timeline and what the caller may do with it now.</summary>
public sealed record ProblemView(ProblemRow Problem, string ProofNote, string? ReturnReason, IReadOnlyList<ProofItem> Proof,
    IReadOnlyList<ProblemStepRow> Steps, DateTimeOffset CreatedAt, string CreatedBy,
    bool CanEdit, bool CanStart, bool CanSubmitProof, bool CanClose);

/// <summary>The list's filters: status (open, inprogress, awaiting, closed), owner unit, source (rating, review, inspection, manual), overdue only, text.</summary>
public sealed record ProblemQuery(string? Status = null, int? Unit = null, string? Source = null, bool? Overdue = null, string? Q = null, int? Page = null, int? PageSize = null);

public sealed record StatusCount(string Key, string Name, int Count);

/// <summary>A page of the list, with the count behind every status tab.</summary>
public sealed record ProblemList(IReadOnlyList<ProblemRow> Items, int Total, int Page, int PageSize, IReadOnlyList<StatusCount> Tabs)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>Raising or editing a problem; on edit a null field is left as it is. Source: manual (手工登记) or inspection (督查发现).</summary>
public sealed record ProblemInput(int? NodeId = null, int? OwnerUnitId = null, string? Source = null, string? Description = null, string? Measure = null, DateOnly? Deadline = null);

public sealed record ProofInput(List<int>? EvidenceIds, string? Note);

public sealed record ReasonInput(string? Reason);

/// <summary>What the raise form offers: the units and indicators of the campaign.</summary>
public sealed record ProblemChoices(IReadOnlyList<(int Id, string Name)> Units, IReadOnlyList<(int Id, string Code, string Title)> Indicators);
