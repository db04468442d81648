namespace Shifan.Core.SelfAssessment;

/// <summary>Who gave a rating: the lead unit that holds the indicator, or the office beside it.</summary>
public enum RatingSide { Unit, Office }

/// <summary>
/// The current self-rating of one indicator by one side. The office's rating, where it has given one, is the one
/// the score counts; the unit's stands otherwise. Earlier ratings are in the operation log.
/// </summary>
public sealed class IndicatorRating
{
    public const int ReasonMaxLength = 2000;

    public int Id { get; set; }
    public int CampaignId { get; set; }
    public int NodeId { get; set; }
    public RatingSide Side { get; set; }
    /// <summary>The unit that rated (the lead unit); null for the office.</summary>
    public int? UnitId { get; set; }
    public RatingLevel Level { get; set; }
    public string Reason { get; set; } = "";
    /// <summary>Ids of the evidence items the rating rests on, comma-separated.</summary>
    public string EvidenceIds { get; set; } = "";
    public string RatedBy { get; set; } = "";
    public DateTimeOffset RatedAt { get; set; }

    public IReadOnlyList<int> Evidence =>
        EvidenceIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.TryParse(s, out var i) ? i : 0).Where(i => i > 0).ToList();

    public static string JoinEvidence(IEnumerable<int> ids) => string.Join(',', ids.Where(i => i > 0).Distinct().Order());

    public static Refusal? Validate(RatingLevel level, string? reason)
    {
        if (!Enum.IsDefined(level)) return new Refusal("评定结果无效", "level");
        if (string.IsNullOrWhiteSpace(reason)) return new Refusal("请填写评定理由", "reason");
        if (reason.Length > ReasonMaxLength) return new Refusal($"评定理由不能超过{ReasonMaxLength}字", "reason");
        return null;
    }
}
