using Microsoft.EntityFrameworkCore;
using Shifan.Core.Assignments;
using Shifan.Core.Evidence;
using Shifan.Core.Frameworks;
using Shifan.Core.Reviews;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Demo;

/// <summary>
/// Two months of the review loop in the demo campaign, so a new user sees it at work on the first start:
/// 情况说明 handed in by lead and responsible units, approved, returned with reasons, waiting for the
/// lead unit or the office, and some drafts. Turned off with Shifan:Demo:Activity=false (the tests do).
/// </summary>
public static class DemoActivity
{
    private const string Office = "办公室（示例）";

    /// <param name="store">Where the demo's Word files are kept; without one the demo hands in 情况说明 texts only.</param>
    public static async Task AddAsync(ShifanDbContext db, int campaignId, DateTimeOffset now, Infrastructure.Files.BlobStore? store = null)
    {
        var frameworkId = await db.Campaigns.Where(c => c.Id == campaignId).Select(c => c.FrameworkId).SingleAsync();
        var nodes = await db.FrameworkNodes.Include(n => n.Materials)
            .Where(n => n.FrameworkId == frameworkId && n.Kind == NodeKind.Indicator && n.Materials.Count > 0 && !n.NotApplicable)
            .OrderBy(n => n.SortOrder).ThenBy(n => n.Id).ToListAsync();
        var assignments = await db.Assignments.Where(a => a.CampaignId == campaignId).ToListAsync();
        var reasons = ReturnReason.Defaults.Select((r, i) => new ReturnReason { CampaignId = campaignId, Name = r.Name, NeedsComment = r.NeedsComment, SortOrder = i + 1 }).ToList();
        db.ReturnReasons.AddRange(reasons);

        // What happens to the indicators in order: approved, returned, waiting, drafts.
        string[] plan = ["approve", "approve", "approve", "return", "approve", "submit", "approve", "return", "submit", "draft", "approve", "lead", "submit", "draft", "approve", "approve"];
        var step = 0;
        foreach (var node in nodes)
        {
            if (step >= plan.Length) break;
            var lead = assignments.FirstOrDefault(a => (a.NodeId == node.Id || a.NodeId == node.ParentId) && a.Role == AssignmentRole.Lead);
            if (lead is null) continue;
            var what = plan[step++];
            var unitId = lead.UnitId;
            var needsLead = false;
            if (what == "lead")
            {
                var responsible = assignments.FirstOrDefault(a => (a.NodeId == node.Id || a.NodeId == node.ParentId) && a.Role == AssignmentRole.Responsible && a.UnitId != lead.UnitId);
                if (responsible is null) { what = "submit"; }
                else { unitId = responsible.UnitId; needsLead = true; }
            }
            var requirement = node.Materials.OrderBy(m => m.No).First();
            var started = now.AddDays(-55 + step * 3);
            var item = new EvidenceItem
            {
                CampaignId = campaignId, NodeId = node.Id, UnitId = unitId, Title = $"{node.Code}.{requirement.No} 工作情况说明", Kind = EvidenceKind.Explanation,
                Text = $"（示例）本单位围绕“{Shorten(node.Title.Length > 0 ? node.Title : node.Text)}”开展工作：制定了工作方案，明确责任分工，按月报送工作台账；{started.Year}年以来共召开专题会议3次，形成制度文件2件。",
                Year = started.Year, UploadedBy = "联络人（示例）", UploadedAt = started,
            };
            item.Links.Add(new EvidenceLink { MaterialRequirementId = requirement.Id });
            db.EvidenceItems.Add(item);
            // Beside the 情况说明, a Word file (a work plan) for what is handed in: the review previews it and a frozen package carries it.
            EvidenceItem? file = null;
            if (store is not null && what is not "draft")
            {
                var title = $"（示例）{Shorten(node.Title.Length > 0 ? node.Title : node.Text)}工作方案";
                var bytes = DemoDocument.Build(title, item.Text!);
                var blob = await store.SaveAsync(new MemoryStream(bytes), long.MaxValue);
                file = new EvidenceItem
                {
                    CampaignId = campaignId, NodeId = node.Id, UnitId = unitId, Title = title, Kind = EvidenceKind.File, Year = started.Year,
                    UploadedBy = "联络人（示例）", UploadedAt = started.AddHours(1),
                };
                file.Versions.Add(new EvidenceVersion
                {
                    VersionNo = 1, Sha256 = blob.Sha256, Size = blob.Size, FileName = $"{node.Code}-工作方案.docx", DetectedType = blob.DetectedType,
                    UploadedBy = file.UploadedBy, UploadedAt = file.UploadedAt, TextPending = true,
                });
                file.Links.Add(new EvidenceLink { MaterialRequirementId = requirement.Id });
                db.EvidenceItems.Add(file);
            }
            await db.SaveChangesAsync();
            await SearchIndex.IndexAsync(db, item.Id);
            if (what == "draft") continue;

            var pins = ReviewPins.Write(file is null ? [ReviewPins.Of(item)] : [ReviewPins.Of(item), ReviewPins.Of(file)]);
            var review = new RequirementReview { CampaignId = campaignId, NodeId = node.Id, MaterialRequirementId = requirement.Id, UnitId = unitId, Pins = pins, NeedsLeadReview = needsLead };
            var at = started.AddDays(2);
            review.Rounds.Add(new ReviewRound { Action = ReviewAction.Submit, Actor = "联络人（示例）", ActorUnitId = unitId, At = at, Pins = pins });
            review.State = ReviewState.Submitted;
            if (what is "approve" or "return")
            {
                at = at.AddDays(3);
                var approve = what == "approve";
                review.State = approve ? ReviewState.Approved : ReviewState.Returned;
                if (!approve)
                {
                    review.ReturnReason = step % 2 == 0 ? "数量不足" : "时间不符";
                    review.ReturnComment = review.ReturnReason == "数量不足" ? "会议纪要至少3份，现只有情况说明" : "请补充本年度以来的材料";
                }
                review.Rounds.Add(new ReviewRound
                {
                    Action = approve ? ReviewAction.Approve : ReviewAction.Return, Actor = Office, At = at, Pins = pins,
                    Reason = review.ReturnReason, Comment = review.ReturnComment,
                });
            }
            review.UpdatedAt = at;
            db.RequirementReviews.Add(review);
        }
        await db.SaveChangesAsync();
    }

    private static string Shorten(string text) => text.Length <= 20 ? text : text[..20] + "…";
}
