namespace Shifan.Core.SelfAssessment;

public enum ReportStatus { Draft, Final }

/// <summary>
/// A 自查报告 (one unit's, <see cref="UnitId"/> set) or the campaign's 自评报告 (<see cref="UnitId"/> null):
/// generated from the ratings, 情况说明, figures, scores and problems, edited in the browser as a draft, then
/// made final — the document as handed on is kept with its SHA-256 and no longer changes.
/// </summary>
public sealed class SelfAssessmentReport : Units.IUnitOwned
{
    public int Id { get; set; }
    public int CampaignId { get; set; }
    public int? UnitId { get; set; }
    public ReportStatus Status { get; set; }
    public string Title { get; set; } = "";
    /// <summary>The editable text: sections as JSON [{"heading":…,"body":…}].</summary>
    public string Sections { get; set; } = "[]";
    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
    public DateTimeOffset? FinalizedAt { get; set; }
    public string? FinalizedBy { get; set; }
    public string? Sha256 { get; set; }
    /// <summary>The final .docx as handed on.</summary>
    public byte[]? Archive { get; set; }

    public bool IsFinal => Status == ReportStatus.Final;
}
