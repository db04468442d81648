namespace Shifan.Features.Evidence;

/// <summary>An evidence item waiting to be re-linked after a new framework version: where it was attached before.</summary>
public sealed record RelinkItem(int Id, string Title, string UnitName, string FormerIndicator, IReadOnlyList<string> FormerRequirements,
    string UploadedBy, DateTimeOffset UploadedAt);
