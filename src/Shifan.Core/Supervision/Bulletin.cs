namespace Shifan.Core.Supervision;

public enum BulletinStatus { Draft, Published }

/// <summary>
/// A 督导通报 for one period: generated from the figures as a draft the office edits in the browser, then
/// published — numbered (〔year〕N号, counted per campaign and year), archived as the .docx handed out, and sent to every unit.
/// </summary>
public sealed class Bulletin
{
    public int Id { get; set; }
    public int CampaignId { get; set; }
    public int PeriodId { get; set; }
    public BulletinStatus Status { get; set; }
    public required string Title { get; set; }
    /// <summary>The opening paragraph with the overall figures.</summary>
    public string Summary { get; set; } = "";
    public string Praised { get; set; } = "";
    public string Lagging { get; set; } = "";
    public string Problems { get; set; } = "";
    public string NextSteps { get; set; } = "";
    /// <summary>The ranking table as generated (tab-separated lines: rank, unit, score, completion, ledger).</summary>
    public string RankingTable { get; set; } = "";
    public int? Year { get; set; }
    public int? Number { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
    public DateTimeOffset? PublishedAt { get; set; }
    public string? PublishedBy { get; set; }
    /// <summary>The published document, kept as it was handed out.</summary>
    public byte[]? Archive { get; set; }

    public bool Published => Status == BulletinStatus.Published;

    public Refusal? Validate()
    {
        if (string.IsNullOrWhiteSpace(Title)) return new Refusal("通报标题不能为空", "title");
        if (Title.Length > 100) return new Refusal("通报标题不能超过100个字", "title");
        foreach (var (text, field, name) in new[] { (Summary, "summary", "总体情况"), (Praised, "praised", "表扬单位"), (Lagging, "lagging", "进度滞后单位"), (Problems, "problems", "存在问题"), (NextSteps, "nextSteps", "下步工作") })
            if (text.Length > 5000) return new Refusal($"{name}不能超过5000字", field);
        return null;
    }
}
