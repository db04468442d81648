using Shifan.Core;
using Shifan.Core.Packages;

namespace Shifan.Features.Packages;

/// <summary>A grant as the office and the evaluator see it.</summary>
public sealed record PackageGrantView(int Id, int CampaignId, string CampaignName, int FreezeNo, string UserName, string DisplayName,
    DateTimeOffset ValidFrom, DateTimeOffset ValidUntil, DateTimeOffset GrantedAt, string GrantedBy, DateTimeOffset? RevokedAt, PackageGrantState State)
{
    public string StateName => PackageGrant.StateName(State);

    /// <summary>The first and the last day of access (China Standard Time); access ends at the end of the last day.</summary>
    public string Period => $"{ChinaTime.DateOf(ValidFrom):yyyy-MM-dd} 至 {ChinaTime.DateOf(ValidUntil.AddTicks(-1)):yyyy-MM-dd}";
}

/// <summary>The office's grant: an existing evaluator account or a new one (its name, and display name), one freeze, the days.</summary>
/// <param name="ValidUntil">The last day of access, inclusive (China Standard Time).</param>
public sealed record NewPackageGrant(int? FreezeNo, string? UserName, string? DisplayName, DateOnly? ValidFrom, DateOnly? ValidUntil);

/// <param name="OneTimePassword">Set when the evaluator's account was created with the grant: hand it over once, it must be changed at first sign-in.</param>
public sealed record PackageGrantCreated(PackageGrantView Grant, string? OneTimePassword);

/// <summary>What an evaluator reads: the frozen package of their grant, exactly as frozen.</summary>
public sealed record EvaluatorPackage(PackageGrantView Grant, FreezeSummary Freeze, PackageManifest Manifest);
