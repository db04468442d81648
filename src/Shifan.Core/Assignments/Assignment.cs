namespace Shifan.Core.Assignments;

public enum AssignmentRole { Lead, Responsible }

/// <summary>Indicator × unit × role: who answers for an indicator.</summary>
public sealed class Assignment
{
    public int Id { get; set; }
    public int CampaignId { get; set; }
    public int NodeId { get; set; }
    public int UnitId { get; set; }
    public AssignmentRole Role { get; set; }
    /// <summary>Optional deadline of this unit's share, tied to a stage.</summary>
    public int? StageId { get; set; }
    public DateOnly? Deadline { get; set; }

    public static string RoleName(AssignmentRole role) => role == AssignmentRole.Lead ? "牵头" : "责任";
}
