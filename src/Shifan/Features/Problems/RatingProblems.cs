using Shifan.Core.SelfAssessment;
using Shifan.Features.SelfAssessment;

namespace Shifan.Features.Problems;

/// <summary>A rating of 未达标 or 基本达标 puts a problem on the 问题清单 for the indicator's lead unit (one open problem per rating).</summary>
public sealed class RatingProblems(ProblemService problems) : IRatingFellShortHandler
{
    public Task HandleAsync(RatingFellShort rating) =>
        problems.RaiseFromRatingAsync(rating.CampaignId, rating.NodeId, rating.OwnerUnitId, rating.RatingId, RatingLevels.Name(rating.Level), rating.Reason);
}
