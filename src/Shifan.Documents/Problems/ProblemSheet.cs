namespace Shifan.Documents.Problems;

/// <summary>
/// The 问题清单 or the 整改台账 of a campaign as printed: a title, a line saying whose and as of when, one row per problem.
/// The columns and their widths live here so the Word and Excel forms cannot disagree.
/// </summary>
public sealed record ProblemSheet(ProblemSheetKind Kind, string Title, string Subtitle, IReadOnlyList<ProblemSheetRow> Rows)
{
    public IReadOnlyList<string> Header => Kind == ProblemSheetKind.List
        ? ["序号", "指标", "问题描述", "问题来源", "责任单位", "整改措施", "整改时限", "状态"]
        : ["序号", "指标", "问题描述", "问题来源", "责任单位", "整改措施", "整改时限", "状态", "整改情况", "佐证材料", "销号时间", "销号人"];

    /// <summary>
    /// Column widths in millimetres of the landscape text block (225 mm): wide enough that a four-character heading
    /// (问题来源, 整改时限) and a date stay on one line in 5号, the rest to the text columns.
    /// </summary>
    public IReadOnlyList<int> Widths => Kind == ProblemSheetKind.List
        ? [12, 30, 52, 18, 22, 45, 22, 20]
        : [10, 18, 28, 17, 18, 24, 20, 12, 22, 20, 20, 15];

    public IReadOnlyList<string> Cells(ProblemSheetRow r) => Kind == ProblemSheetKind.List
        ? [r.No, r.Indicator, r.Description, r.Source, r.OwnerUnit, r.Measure, r.Deadline, r.Status]
        : [r.No, r.Indicator, r.Description, r.Source, r.OwnerUnit, r.Measure, r.Deadline, r.Status, r.Rectification, r.Proof, r.ClosedOn, r.ClosedBy];
}
