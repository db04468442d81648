namespace Shifan.Features.Frameworks;

/// <summary>What adopting a new framework version did: assignments kept or dropped, evidence moved or left to re-link.</summary>
public sealed record Adoption(int Version, int AssignmentsKept, int AssignmentsDropped, int EvidenceMoved, int EvidenceToRelink);
