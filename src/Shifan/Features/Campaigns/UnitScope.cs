using Microsoft.EntityFrameworkCore;
using Shifan.Core.Units;
using Shifan.Core.Users;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Campaigns;

/// <summary>The one reading of a role's data scope as a set of units, shared by every unit-owned capability (evidence, reviews, ledgers).</summary>
public static class UnitScope
{
    /// <summary>Units whose records the caller reaches in the campaign, or null for all of them.</summary>
    public static async Task<HashSet<int>?> VisibleUnitsAsync(this CampaignAccess access, ShifanDbContext db, int campaignId)
    {
        if (access.Scope == DataScope.All) return null;
        if (access.UnitId is not int own) return [];
        if (access.Scope is DataScope.OwnUnit or DataScope.OwnRecords) return [own];
        var units = await db.Units.AsNoTracking().Where(u => u.CampaignId == campaignId).ToListAsync();
        return Unit.Subtree(units, own);
    }

    /// <summary>The same reading over units already loaded (one campaign's), for views over many campaigns at once.</summary>
    public static HashSet<int>? VisibleUnits(this CampaignAccess access, IReadOnlyCollection<Unit> campaignUnits)
    {
        if (access.Scope == DataScope.All) return null;
        if (access.UnitId is not int own) return [];
        if (access.Scope is DataScope.OwnUnit or DataScope.OwnRecords) return [own];
        return Unit.Subtree(campaignUnits, own);
    }
}
