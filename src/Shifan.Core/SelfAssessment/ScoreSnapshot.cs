namespace Shifan.Core.SelfAssessment;

/// <summary>The campaign's score as it stood in one reporting month ("2026-11"), kept for the trend; the latest computation of the month wins.</summary>
public sealed class ScoreSnapshot
{
    public int Id { get; set; }
    public int CampaignId { get; set; }
    /// <summary>yyyy-MM in China Standard Time.</summary>
    public string Month { get; set; } = "";
    public decimal Total { get; set; }
    public decimal BaseScore { get; set; }
    public decimal Bonus { get; set; }
    public decimal Deduction { get; set; }
    public bool Vetoed { get; set; }
    public int Unrated { get; set; }
    /// <summary>Area scores as "label\tscore\tpoints" lines.</summary>
    public string Areas { get; set; } = "";
    public DateTimeOffset TakenAt { get; set; }
}
