using Microsoft.EntityFrameworkCore;
using Shifan.Core.Assignments;
using Shifan.Core.Notifications;
using Shifan.Core.Reviews;
using Shifan.Core.Users;
using Shifan.Features.Notifications;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Reviews;

/// <summary>
/// Tells the people who act next: a submission goes to the lead unit (for a responsible unit's material)
/// or to the office; a return and an approval go back to the unit, with the reason. Called after the
/// review is saved; each notice is keyed by the round it reports, so it is never sent twice.
/// </summary>
public sealed class ReviewNotices(ShifanDbContext db, INotifier notifier)
{
    private static readonly string[] UnitPeople = [Roles.Liaison, Roles.UnitHead];

    public async Task SubmittedAsync(int campaignId, int nodeId, int unitId, IReadOnlyList<RequirementReview> reviews)
    {
        if (reviews.Count == 0) return;
        var (label, unit) = await NamesAsync(nodeId, unitId);
        var key = $"review:submitted:{reviews.Min(r => r.Rounds.Max(x => x.Id))}";
        var toLead = reviews.Where(r => r.NeedsLeadReview).ToList();
        var toOffice = reviews.Where(r => !r.NeedsLeadReview).ToList();
        if (toLead.Count > 0)
        {
            var message = new NotificationMessage(NotificationKind.Submitted, campaignId, $"{unit}提交了{label}的材料，请牵头单位审核",
                $"{unit}为{label}提交了{toLead.Count}项材料，等待牵头单位审核。", $"/campaigns/{campaignId}/review", key + ":lead") { ToGroupRobot = false };
            var parent = await db.FrameworkNodes.Where(n => n.Id == nodeId).Select(n => n.ParentId).FirstOrDefaultAsync();
            foreach (var lead in await db.Assignments.Where(a => a.CampaignId == campaignId && a.Role == AssignmentRole.Lead && (a.NodeId == nodeId || a.NodeId == parent))
                         .Select(a => a.UnitId).Distinct().ToListAsync())
                await notifier.NotifyUnitAsync(lead, UnitPeople, message);
        }
        if (toOffice.Count > 0)
            await notifier.NotifyAsync(await OfficeAsync(campaignId), new NotificationMessage(NotificationKind.Submitted, campaignId, $"{unit}提交了{label}的材料",
                $"{unit}为{label}提交了{toOffice.Count}项材料，等待审核。", $"/campaigns/{campaignId}/review", key) { ToGroupRobot = false });
    }

    public async Task DecidedAsync(int campaignId, RequirementReview review)
    {
        var round = review.Rounds.OrderBy(r => r.Id).Last();
        var (label, unit) = await NamesAsync(review.NodeId, review.UnitId);
        var no = await db.MaterialRequirements.Where(m => m.Id == review.MaterialRequirementId).Select(m => m.No).FirstAsync();
        var link = $"/campaigns/{campaignId}/indicators/{review.NodeId}#review";
        switch (review.State)
        {
            case ReviewState.Returned:
                await notifier.NotifyUnitAsync(review.UnitId, UnitPeople, new NotificationMessage(NotificationKind.Returned, campaignId,
                    $"{label} 材料{no} 被退回：{review.ReturnReason}",
                    $"{unit}为{label}提交的材料{no}被退回。原因：{review.ReturnReason}{(review.ReturnComment is null ? "" : "；意见：" + review.ReturnComment)}。请修改后重新提交。",
                    link, $"review:returned:{round.Id}") { ToGroupRobot = false });
                break;
            case ReviewState.Approved:
                await notifier.NotifyUnitAsync(review.UnitId, UnitPeople, new NotificationMessage(NotificationKind.Approved, campaignId,
                    $"{label} 材料{no} 审核通过", $"{unit}为{label}提交的材料{no}已审核通过。", link, $"review:approved:{round.Id}") { ToGroupRobot = false });
                break;
            case ReviewState.LeadApproved:
                await notifier.NotifyAsync(await OfficeAsync(campaignId), new NotificationMessage(NotificationKind.Submitted, campaignId,
                    $"{label} 材料{no}（{unit}）牵头单位已审核", $"牵头单位已审核通过{unit}为{label}提交的材料{no}，等待办公室审核。",
                    $"/campaigns/{campaignId}/review/{review.Id}", $"review:lead-approved:{round.Id}") { ToGroupRobot = false });
                break;
        }
    }

    private async Task<(string Label, string Unit)> NamesAsync(int nodeId, int unitId)
    {
        var node = await db.FrameworkNodes.AsNoTracking().Where(n => n.Id == nodeId)
            .Select(n => new Core.Frameworks.FrameworkNode { Kind = n.Kind, Code = n.Code, Title = n.Title }).FirstAsync();
        var label = node.Kind == Core.Frameworks.NodeKind.Indicator ? $"第{node.Code}项指标" : node.Label;
        return (label, await db.Units.Where(u => u.Id == unitId).Select(u => u.Name).FirstAsync());
    }

    /// <summary>The office people of the campaign: office accounts in one of its units.</summary>
    private Task<List<int>> OfficeAsync(int campaignId) =>
        db.Users.Where(u => u.Role == Roles.Office && !u.Disabled && u.UnitId != null && db.Units.Any(x => x.Id == u.UnitId && x.CampaignId == campaignId))
            .Select(u => u.Id).ToListAsync();
}
