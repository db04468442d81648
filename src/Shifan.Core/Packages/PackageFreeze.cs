namespace Shifan.Core.Packages;

/// <summary>
/// One frozen submission (申报包) of a campaign, numbered 1, 2… per campaign. Its manifest is the
/// canonical JSON text written at freeze time and never changed: later edits of the campaign's
/// material do not reach it, and its SHA-256 is what <c>package verify</c> checks a package against.
/// </summary>
public sealed class PackageFreeze
{
    public int Id { get; set; }
    public int CampaignId { get; set; }
    public int No { get; set; }
    public int FrameworkId { get; set; }
    public string FrameworkName { get; set; } = "";
    public int FrameworkVersion { get; set; }
    public DateTimeOffset FrozenAt { get; set; }
    public string FrozenBy { get; set; } = "";
    public int FileCount { get; set; }
    public long TotalSize { get; set; }
    /// <summary>The open findings of the pre-freeze check when it was frozen (warnings the office accepted).</summary>
    public int FindingCount { get; set; }
    /// <summary>SHA-256 of <see cref="Manifest"/> as UTF-8 bytes: the manifest.json of every package built from this freeze.</summary>
    public string ManifestSha256 { get; set; } = "";
    /// <summary>SM3 of the same bytes.</summary>
    public string ManifestSm3 { get; set; } = "";
    /// <summary>The canonical manifest JSON (<see cref="PackageManifest"/>).</summary>
    public string Manifest { get; set; } = "";
}
