using Microsoft.EntityFrameworkCore;
using Shifan.Core.Frameworks;
using Shifan.Core.SelfAssessment;

namespace Shifan.Infrastructure.Persistence;

/// <summary>
/// The score recomputation: the framework's nodes (without materials or assignments) and the campaign's ratings,
/// then the scorecard — what a recomputation needs and no more. The service and bench/ScoreBench both call this.
/// </summary>
public static class ScoreQuery
{
    public static async Task<Scorecard> ComputeAsync(ShifanDbContext db, int campaignId, int frameworkId)
    {
        var nodes = await db.FrameworkNodes.AsNoTracking().Where(n => n.FrameworkId == frameworkId).ToListAsync();
        var framework = new Framework { Id = frameworkId, Name = "", Nodes = nodes }.LinkTree();
        var ratings = await db.IndicatorRatings.AsNoTracking().Where(r => r.CampaignId == campaignId).ToListAsync();
        return Scorecard.Compute(framework, Scorecard.Effective(ratings));
    }
}
