using Microsoft.EntityFrameworkCore;
using Shifan.Core.Reviews;
using Shifan.Features.Campaigns;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Reviews;

/// <summary>
/// Reacts to a change of material (the evidence capability calls it before it saves, so both land in one
/// transaction): material that was handed in or approved goes back to 未提交, saying why, because the
/// decision no longer covers what is there. Returned material stays returned until it is handed in again.
/// </summary>
public sealed class ReviewReopener(ShifanDbContext db, CampaignAccess access, TimeProvider clock)
{
    public async Task MaterialChangedAsync(int unitId, IEnumerable<int> requirementIds, string because)
    {
        var ids = requirementIds.Distinct().ToList();
        if (ids.Count == 0) return;
        // Whoever changed the material, every approval pinned to it reopens.
        var reviews = await db.RequirementReviews.IgnoreQueryFilters()
            .Where(r => r.UnitId == unitId && ids.Contains(r.MaterialRequirementId)
                && (r.State == ReviewState.Submitted || r.State == ReviewState.LeadApproved || r.State == ReviewState.Approved))
            .ToListAsync();
        var now = clock.GetUtcNow();
        foreach (var review in reviews)
        {
            var was = ReviewStates.DisplayName(review.State);
            review.State = ReviewState.Draft;
            review.ReopenedBecause = $"{because}（原为“{was}”），需重新提交";
            review.UpdatedAt = now;
            review.Rounds.Add(new ReviewRound { Action = ReviewAction.Reopen, Actor = access.UserName, ActorUnitId = access.UnitId, At = now, Reason = review.ReopenedBecause });
        }
    }
}
