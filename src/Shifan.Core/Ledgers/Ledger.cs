namespace Shifan.Core.Ledgers;

public enum LedgerStatus { Draft, Submitted, Confirmed }

/// <summary>
/// One revision of a unit's 工作台账 for a period. Revision 1 is the first; a submitted revision is frozen,
/// and a later change opens the next revision (a copy) so every submitted version is kept.
/// </summary>
public sealed class Ledger : Units.IUnitOwned
{
    public int Id { get; set; }
    public int CampaignId { get; set; }
    public int PeriodId { get; set; }
    public int UnitId { get; set; }
    public int Revision { get; set; } = 1;
    public LedgerStatus Status { get; set; }
    /// <summary>填报人 and 联系方式 printed below the form.</summary>
    public string? Filler { get; set; }
    public string? Contact { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
    public DateTimeOffset? SubmittedAt { get; set; }
    public string? SubmittedBy { get; set; }
    /// <summary>The unit head's confirmation: the electronic stand-in for the 公章.</summary>
    public DateTimeOffset? ConfirmedAt { get; set; }
    public string? ConfirmedBy { get; set; }
    public List<LedgerEntry> Entries { get; set; } = [];

    public bool Frozen => Status != LedgerStatus.Draft;

    public static string StatusName(LedgerStatus status) => status switch
    {
        LedgerStatus.Draft => "填报中",
        LedgerStatus.Submitted => "已提交",
        _ => "已确认",
    };

    /// <summary>Why this revision may not be submitted, or null.</summary>
    public Refusal? CheckSubmit()
    {
        if (Frozen) return new Refusal("该台账已提交，不能重复提交；如需修改请先生成新版本");
        if (Entries.Count == 0 || Entries.All(e => e.Progress is null))
            return new Refusal("台账尚未填写任何指标的完成进度，不能提交", "entries");
        if (Entries.FirstOrDefault(e => e.Progress is not null && e.Note is { Length: > 2000 }) is { } tooLong)
            return new Refusal($"第{tooLong.Code}项指标的完成情况不能超过2000字", "entries");
        return null;
    }

    /// <summary>The next revision: a draft copy of this one's lines.</summary>
    public Ledger NextRevision(DateTimeOffset now, string by) => new()
    {
        CampaignId = CampaignId, PeriodId = PeriodId, UnitId = UnitId, Revision = Revision + 1, Status = LedgerStatus.Draft,
        Filler = Filler, Contact = Contact, UpdatedAt = now, UpdatedBy = by,
        Entries = Entries.OrderBy(e => e.SortOrder).Select(e => e.Copy()).ToList(),
    };
}
