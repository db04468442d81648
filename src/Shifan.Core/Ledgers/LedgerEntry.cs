namespace Shifan.Core.Ledgers;

public enum LedgerProgress { Done, InProgress, NotStarted, NotApplicable }

/// <summary>One line of a ledger: an indicator the unit holds, what the system knew of it, and the progress the unit reports.</summary>
public sealed class LedgerEntry
{
    public int Id { get; set; }
    public int LedgerId { get; set; }
    public int NodeId { get; set; }
    public int SortOrder { get; set; }
    /// <summary>Indicator number and title as they stood when the line was written.</summary>
    public string Code { get; set; } = "";
    public string Title { get; set; } = "";
    public string Methods { get; set; } = "";
    /// <summary>The unit's evidence for the indicator (titles, one a line) and its count.</summary>
    public string Materials { get; set; } = "";
    public int EvidenceCount { get; set; }
    public LedgerProgress? Progress { get; set; }
    /// <summary>完成情况 / 进展情况.</summary>
    public string? Note { get; set; }

    public LedgerEntry Copy() => new()
    {
        NodeId = NodeId, SortOrder = SortOrder, Code = Code, Title = Title, Methods = Methods, Materials = Materials,
        EvidenceCount = EvidenceCount, Progress = Progress, Note = Note,
    };

    public static string ProgressName(LedgerProgress? progress) => progress switch
    {
        LedgerProgress.Done => "已完成",
        LedgerProgress.InProgress => "正在推进",
        LedgerProgress.NotStarted => "未启动",
        LedgerProgress.NotApplicable => "不涉及",
        _ => "未填写",
    };

    /// <summary>What the 完成进度 column shows: "已完成：情况" as the forms ask.</summary>
    public string ProgressText => Progress is null ? "" : string.IsNullOrWhiteSpace(Note) ? ProgressName(Progress) : $"{ProgressName(Progress)}：{Note}";

    public static bool TryParseProgress(string? text, out LedgerProgress? progress)
    {
        progress = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        foreach (var p in Enum.GetValues<LedgerProgress>())
            if (string.Equals(text, p.ToString(), StringComparison.OrdinalIgnoreCase) || text == ProgressName(p)) { progress = p; return true; }
        return false;
    }
}
