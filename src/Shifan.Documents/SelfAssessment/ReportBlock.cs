namespace Shifan.Documents.SelfAssessment;

/// <summary>A paragraph, heading or table of a report section's body.</summary>
public sealed record ReportBlock(ReportBlockKind Kind, string Text, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    public static ReportBlock Line(ReportBlockKind kind, string text) => new(kind, text, []);
}
