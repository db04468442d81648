namespace Shifan.Features.Frameworks;

/// <summary>Before a new version is adopted: how many evidence items will move with their indicators, and which will need re-linking.</summary>
public sealed record CarryOverPreview(int EvidenceMoving, IReadOnlyList<RelinkCandidate> NeedRelink);

/// <summary>An evidence item whose indicator or material requirement has no match in the new version.</summary>
public sealed record RelinkCandidate(int EvidenceId, string Title, string Indicator);
