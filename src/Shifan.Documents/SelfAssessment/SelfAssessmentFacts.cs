using Shifan.Core.Assignments;
using Shifan.Core.Frameworks;
using Shifan.Core.Problems;
using Shifan.Core.SelfAssessment;

namespace Shifan.Documents.SelfAssessment;

/// <summary>
/// Everything a 自评报告 (or, with <see cref="UnitId"/>, one unit's 自查报告) is written from, read by the caller:
/// the framework with its tree wired (parents and children), the current ratings of both sides, the figures units
/// reported against quantitative standards, the problems, the 情况说明, who holds which indicator, and unit names.
/// </summary>
public sealed record SelfAssessmentFacts(
    string CampaignName, string Region, Framework Framework,
    IReadOnlyList<IndicatorRating> Ratings, IReadOnlyList<ThresholdFigure> Figures, IReadOnlyList<Problem> Problems,
    IReadOnlyList<ExplanationText> Explanations, IReadOnlyList<Assignment> Assignments, IReadOnlyDictionary<int, string> UnitNames,
    string Author, DateOnly Today, int? UnitId = null);
