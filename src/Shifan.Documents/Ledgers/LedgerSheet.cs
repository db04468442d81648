namespace Shifan.Documents.Ledgers;

/// <summary>One unit's 工作台账 as printed: the heading lines, one row per 三级指标, 填报人 and 联系方式 below.</summary>
public sealed record LedgerSheet(
    string Title, string UnitName, string FilledOn, string? Filler, string? Contact, string Seal, IReadOnlyList<LedgerSheetRow> Rows)
{
    /// <summary>The columns of the official form (附件3 of the 济源 plan, 附件2 of the 许昌 plan).</summary>
    public static IReadOnlyList<string> Header { get; } = ["序号", "三级指标", "测评方法", "上报材料", "完成进度", "责任人及联系方式"];

    /// <summary>Relative column widths, shared by the Word and Excel forms.</summary>
    internal static IReadOnlyList<int> Widths { get; } = [8, 38, 18, 38, 38, 20];

    public IReadOnlyList<string> Cells(LedgerSheetRow r) => [r.No, r.Indicator, r.Methods, r.Materials, r.Progress, r.Responsible];

    public const string Notes = "填表说明：1.三级指标标明指标序号；测评方法即为任务分解表中确定的测评方法。2.完成进度填“已完成+完成情况”或者“正在推进+进展情况”。3.涉密材料不上传，在实地核实时提供。";
}

public sealed record LedgerSheetRow(string No, string Indicator, string Methods, string Materials, string Progress, string Responsible);

/// <summary>One line of the consolidated ledger's summary sheet.</summary>
public sealed record LedgerSummaryRow(string Unit, string Standing, string SubmittedAt, string ConfirmedAt, int Indicators, int Done, int InProgress, int NotStarted, int NotApplicable, int Blank);
