using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace Shifan.Core.Packages;

/// <summary>
/// What a freeze pinned: every file of the package with its place, hashes and who approved it, the
/// links and the classified items shown at the site visit instead of files. Written once as canonical
/// JSON; the package's manifest.json is exactly these bytes.
/// </summary>
public sealed record PackageManifest(
    int CampaignId, string CampaignName, string Region, int FreezeNo, DateTimeOffset FrozenAt, string FrozenBy,
    string FrameworkName, int FrameworkVersion,
    IReadOnlyList<PackageFile> Files, IReadOnlyList<PackageRegistration> Registrations, IReadOnlyList<PackageLink> Links,
    IReadOnlyList<PackageRating>? Ratings = null)
{
    public const string FileName = "manifest.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        // Chinese stays readable in the file; the text is hashed as written, so the options never change.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    public static PackageManifest FromJson(string json) =>
        JsonSerializer.Deserialize<PackageManifest>(json, Options) ?? throw new JsonException("empty manifest");

    public long TotalSize => Files.Sum(f => f.Size);
}

/// <summary>
/// One file of the package. <see cref="Source"/> says where its bytes come from: "blob" (the evidence
/// store, by <see cref="Sha256"/>) or "text" (a 情况说明, its <see cref="Text"/> as UTF-8).
/// </summary>
public sealed record PackageFile(
    string Path, string AreaCode, string IndicatorCode, string IndicatorTitle, int MaterialNo, string RequirementText,
    int ItemId, string Title, string Source, int? VersionNo, string OriginalName, string Type, long Size, string Sha256, string Sm3,
    string Unit, string UploadedBy, DateTimeOffset UploadedAt, string ApprovedBy, DateTimeOffset? ApprovedAt, string? Text);

/// <summary>A classified item (涉密材料): not in the package, shown at the site visit where it is kept.</summary>
public sealed record PackageRegistration(string IndicatorCode, int MaterialNo, int ItemId, string Title, string? SecrecyLevel, string? KeptAt, string? Holder, string Unit);

/// <summary>
/// A 自查自评 rating as it stood at the freeze (issue 13: ratings are pinned with the material): the lead unit's
/// and the office's, level in words, the reason and who rated when. Manifests frozen before ratings were
/// pinned have none (null).
/// </summary>
public sealed record PackageRating(string IndicatorCode, string Side, string? Unit, string Level, string Reason, string RatedBy, DateTimeOffset RatedAt);

/// <summary>Material given as a web address.</summary>
public sealed record PackageLink(string IndicatorCode, int MaterialNo, int ItemId, string Title, string Url, string Unit);
