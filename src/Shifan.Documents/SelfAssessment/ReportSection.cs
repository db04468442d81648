namespace Shifan.Documents.SelfAssessment;

/// <summary>
/// One section of a 自查报告 / 自评报告 as the user edits it: a 黑体 heading ("一、基本情况") and its body text, where
/// a line starting with "|" is a table row (the first row of a run is the header), a short line starting with
/// "（一）" a 楷体 subheading, and a short line starting with "1." an indicator heading (see <see cref="ReportBody"/>).
/// </summary>
public sealed record ReportSection(string Heading, string Body);
