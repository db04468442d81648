using Shifan.Core.Packages;

namespace Shifan.Features.Packages;

/// <summary>What freezing now would pin, and what the check finds missing or wrong.</summary>
public sealed record PackageCheck(int Files, int Texts, int Registrations, int Links, long TotalSize, int Requirements, int RequirementsApproved,
    IReadOnlyList<PackageFinding> Findings)
{
    public bool Blocked => Findings.Any(f => f.Blocking);
}

public sealed record FreezeSummary(int No, DateTimeOffset FrozenAt, string FrozenBy, string FrameworkName, int FrameworkVersion,
    int FileCount, long TotalSize, int FindingCount, string ManifestSha256, string ManifestSm3);

public sealed record PackageComparisonView(int From, int To, int Added, int Replaced, int Removed, IReadOnlyList<PackageDifference> Differences);

/// <summary>A package file with the freeze record it was checked against.</summary>
public sealed record PackageVerifyResult(int? CampaignId, int? FreezeNo, string? ManifestSha256, string? RecordedSha256, int FilesChecked,
    IReadOnlyList<Documents.Packages.PackageProblem> Problems)
{
    public bool Intact => Problems.Count == 0;
}
