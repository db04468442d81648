using Shifan.Core.Frameworks;
using Shifan.Core.SelfAssessment;

namespace Shifan.Features.SelfAssessment;

public sealed record RatingView(string Side, string Level, string LevelName, string Reason, IReadOnlyList<int> EvidenceIds, string? UnitName, string RatedBy, DateTimeOffset RatedAt);

/// <summary>One row of the 自查自评 table: an indicator (or 加分/减分/否决项) with both ratings and its score.</summary>
public sealed record AssessmentRow(int NodeId, string Kind, string Code, string Label, string? Area, IReadOnlyList<string> LeadUnits,
    RatingView? Unit, RatingView? Office, bool Differs, decimal Points, decimal Score, bool Counted, int Thresholds, int ThresholdsFailing);

public sealed record ScoreSummary(decimal Total, decimal BaseScore, decimal Bonus, decimal Deduction, decimal Ceiling, bool Vetoed,
    IReadOnlyList<string> VetoedBy, int Unrated, IReadOnlyList<string> Explanation, IReadOnlyList<AreaScore> Areas, IReadOnlyList<TrendPoint> Trend);

public sealed record AreaScore(int NodeId, string Label, decimal Score, decimal Points, bool Counted);

public sealed record TrendPoint(string Month, decimal Total, bool Vetoed, int Unrated);

public sealed record AssessmentOverview(int CampaignId, ScoreSummary Score, IReadOnlyList<AssessmentRow> Rows, int Differences, bool MayRateOffice, bool MayEditWeights);

/// <summary>A quantitative standard of the indicator with the figure reported against it, if any.</summary>
public sealed record ThresholdView(string Key, string Subject, string Rule, string Comparison, decimal Value, string UnitOfMeasure,
    decimal? Figure, string? Source, string? EnteredBy, bool? Met);

public sealed record NodeAssessment(int CampaignId, int NodeId, string Kind, string Code, string Label, string Text, decimal? Weight,
    IReadOnlyList<string> LeadUnits, RatingView? Unit, RatingView? Office, bool Differs,
    IReadOnlyList<ThresholdView> Thresholds, IReadOnlyList<string> Unparsed,
    decimal Points, decimal Score, bool Counted, IReadOnlyList<string> ScoreLines,
    IReadOnlyList<EvidenceChoice> Evidence, bool MayRateUnit, bool MayRateOffice, bool MayEditWeight)
{
    public static string KindName(NodeKind kind) => NodeKinds.DisplayName(kind);
}

public sealed record EvidenceChoice(int Id, string Title);

public sealed record RatingInput(string? Level, string? Reason, List<int>? EvidenceIds);

public sealed record FigureInput(string? Key, string? Figure, string? Source);

public sealed record WeightInput(string? Weight);

/// <summary>
/// Raised when an indicator is rated 未达标 or 基本达标, so that the 问题清单 gains a problem for its lead unit
/// (handled in Features/Problems; the rating does not know about problems).
/// </summary>
public sealed record RatingFellShort(int CampaignId, int NodeId, int OwnerUnitId, int RatingId, RatingLevel Level, string Reason);

public interface IRatingFellShortHandler
{
    Task HandleAsync(RatingFellShort rating);
}
