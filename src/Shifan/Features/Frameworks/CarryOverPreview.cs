namespace Shifan.Features.Frameworks;

/// <summary>
/// Before a new version is adopted: how many evidence items will move with their indicators, which will need
/// re-linking, and for every node with assignments which node of the new version takes them over (or none).
/// </summary>
public sealed record CarryOverPreview(int EvidenceMoving, IReadOnlyList<RelinkCandidate> NeedRelink, IReadOnlyList<AssignmentCarry> Assignments)
{
    public int AssignmentsKept => Assignments.Where(a => a.Kept).Sum(a => a.Units.Count);

    public int AssignmentsDropped => Assignments.Where(a => !a.Kept).Sum(a => a.Units.Count);
}

/// <summary>An evidence item whose indicator or material requirement has no match in the new version.</summary>
public sealed record RelinkCandidate(int EvidenceId, string Title, string Indicator);
