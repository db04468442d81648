using Microsoft.EntityFrameworkCore;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Notifications;

/// <summary>
/// Deadlines that exist today: a unit's share of an indicator is due on its assignment deadline or, without
/// one, on the deadline of the stage it is tied to. The share is open while the unit has no material on the
/// indicator (the review states will refine this to "not yet approved").
/// </summary>
public sealed class AssignmentDeadlines(ShifanDbContext db) : IReminderSource
{
    public async Task<IReadOnlyList<DueWork>> DueAsync(IReadOnlyCollection<int> campaignIds, DateOnly first, DateOnly last, CancellationToken ct)
    {
        var rows = await (
            from a in db.Assignments.AsNoTracking()
            join s in db.CampaignStages on a.StageId equals s.Id into stages
            from s in stages.DefaultIfEmpty()
            join u in db.Units on a.UnitId equals u.Id
            join n in db.FrameworkNodes on a.NodeId equals n.Id
            where campaignIds.Contains(a.CampaignId)
            let due = a.Deadline ?? (s == null ? null : (DateOnly?)s.Deadline)
            where due != null && due >= first && due <= last
            where !db.EvidenceItems.Any(e => e.CampaignId == a.CampaignId && e.NodeId == a.NodeId && e.UnitId == a.UnitId && e.DeletedAt == null)
            select new { a.CampaignId, a.UnitId, UnitName = u.Name, Due = due!.Value, n.Code, StageName = s == null ? null : s.Name }
        ).ToListAsync(ct);

        return rows.GroupBy(r => (r.CampaignId, r.UnitId, r.UnitName, r.Due))
            .Select(g =>
            {
                var codes = g.Select(r => r.Code).Distinct().OrderBy(c => c.Length).ThenBy(c => c, StringComparer.Ordinal).ToList();
                var stage = g.Select(r => r.StageName).FirstOrDefault(n => n is not null);
                var what = $"{(stage is null ? "" : $"“{stage}”阶段")}{codes.Count}项指标任务尚未上传佐证材料（指标{string.Join("、", codes.Take(10))}{(codes.Count > 10 ? "等" : "")}）";
                return new DueWork(g.Key.CampaignId, g.Key.UnitId, g.Key.UnitName, g.Key.Due, "assignments", what, $"/campaigns/{g.Key.CampaignId}/units/{g.Key.UnitId}");
            })
            .ToList();
    }
}
