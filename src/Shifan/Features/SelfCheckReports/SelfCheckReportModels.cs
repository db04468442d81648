using Shifan.Documents.SelfAssessment;

namespace Shifan.Features.SelfCheckReports;

public sealed record ReportRow(int Id, int? UnitId, string? UnitName, string Kind, string Title, string Status, bool IsFinal,
    DateTimeOffset UpdatedAt, string UpdatedBy, DateTimeOffset? FinalizedAt, string? Sha256);

public sealed record ReportView(int Id, int CampaignId, int? UnitId, string? UnitName, string Kind, string Title, string Status, bool IsFinal,
    IReadOnlyList<ReportSection> Sections, DateTimeOffset UpdatedAt, string UpdatedBy, DateTimeOffset? FinalizedAt, string? FinalizedBy, string? Sha256, bool CanEdit);

/// <summary>An edit of a draft: a new title and/or the sections' text (all of them, in order); null leaves it as it is.</summary>
public sealed record ReportInput(string? Title, IReadOnlyList<ReportSectionInput>? Sections);

public sealed record ReportSectionInput(string? Heading, string? Body);

/// <summary>Which unit's 自查报告 to draft; null is the caller's own unit.</summary>
public sealed record SelfCheckInput(int? UnitId);

/// <summary>What the caller may draft on the list page: the campaign's 自评报告, and the units whose 自查报告.</summary>
public sealed record ReportOptions(bool CampaignReport, IReadOnlyList<(int Id, string Name)> Units);
