namespace Shifan.Features.Frameworks;

/// <summary>
/// The assignments of one node of the current version and where adoption takes them: the matching node of the
/// new version with the basis and similarity (0–1) of the match, or nowhere (<see cref="NewLabel"/> null: dropped).
/// </summary>
public sealed record AssignmentCarry(string OldLabel, string? NewLabel, string? Reason, double? Similarity, IReadOnlyList<string> Units)
{
    public bool Kept => NewLabel is not null;
}
