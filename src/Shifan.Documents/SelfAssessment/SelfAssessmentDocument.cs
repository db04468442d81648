namespace Shifan.Documents.SelfAssessment;

/// <summary>What a 自查报告 or 自评报告 says, ready for <see cref="SelfAssessmentDocxWriter"/>.</summary>
/// <param name="Author">Who reports: the office (自评报告) or the unit (自查报告); printed under the text with the date.</param>
public sealed record SelfAssessmentDocument(string Title, string Author, string Date, IReadOnlyList<ReportSection> Sections);
