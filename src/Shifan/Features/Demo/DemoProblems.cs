using Microsoft.EntityFrameworkCore;
using Shifan.Core;
using Shifan.Core.Problems;
using Shifan.Core.Reviews;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Demo;

/// <summary>
/// Two problems on the demo's 问题清单, so the rectification loop is visible on the first start: one raised from a
/// returned review item and being fixed (整改中), one found by a 督查 and closed with its proof (已销号).
/// Added with the demo's review activity (it needs the returned and approved items).
/// </summary>
public static class DemoProblems
{
    private const string Office = "办公室（示例）", Liaison = "联络人（示例）";

    public static async Task AddAsync(ShifanDbContext db, int campaignId, DateTimeOffset now)
    {
        var today = ChinaTime.DateOf(now);
        var returned = await db.RequirementReviews.AsNoTracking().Where(r => r.CampaignId == campaignId && r.State == ReviewState.Returned).OrderBy(r => r.Id).FirstOrDefaultAsync();
        var approved = await db.RequirementReviews.AsNoTracking().Where(r => r.CampaignId == campaignId && r.State == ReviewState.Approved).OrderBy(r => r.Id).FirstOrDefaultAsync();
        var no = 0;
        if (returned is not null)
        {
            var code = await db.FrameworkNodes.Where(n => n.Id == returned.NodeId).Select(n => n.Code).SingleAsync();
            var p = new Problem
            {
                CampaignId = campaignId, No = ++no, NodeId = returned.NodeId, OwnerUnitId = returned.UnitId, Source = ProblemSource.ReviewReturn, SourceId = returned.Id,
                Description = $"第{code}项指标材料审核被退回：{returned.ReturnReason}；审核意见：{returned.ReturnComment}",
                Measure = "按审核意见补充会议纪要等材料后重新提交审核", Deadline = today.AddDays(20), Status = ProblemStatus.Open,
                CreatedAt = now.AddDays(-10), CreatedBy = Office, UpdatedAt = now.AddDays(-10),
            };
            p.Record(ProblemAction.Raise, Office, now.AddDays(-10), ProblemNames.Source(p.Source));
            p.Start();
            p.Record(ProblemAction.Start, Liaison, now.AddDays(-8));
            db.Problems.Add(p);
        }
        if (approved is not null)
        {
            var proof = await db.EvidenceItems.Where(e => e.CampaignId == campaignId && e.NodeId == approved.NodeId && e.UnitId == approved.UnitId && e.DeletedAt == null)
                .Select(e => e.Id).ToListAsync();
            if (proof.Count > 0)
            {
                var p = new Problem
                {
                    CampaignId = campaignId, No = ++no, NodeId = approved.NodeId, OwnerUnitId = approved.UnitId, Source = ProblemSource.Inspection,
                    Description = "（示例）督查发现：工作方案未明确责任分工和完成时限", Measure = "修订工作方案，逐项明确责任科室和完成时限，印发并报送办公室",
                    Deadline = today.AddDays(-5), Status = ProblemStatus.Open, CreatedAt = now.AddDays(-30), CreatedBy = Office, UpdatedAt = now.AddDays(-30),
                };
                p.Record(ProblemAction.Raise, Office, now.AddDays(-30), ProblemNames.Source(p.Source));
                p.Start();
                p.Record(ProblemAction.Start, Liaison, now.AddDays(-28));
                p.SubmitProof(proof, "已修订工作方案并印发，明确了责任分工和完成时限。");
                p.Record(ProblemAction.SubmitProof, Liaison, now.AddDays(-12), $"佐证材料{proof.Count}件：{p.ProofNote}");
                p.Close(Office, now.AddDays(-9));
                p.Record(ProblemAction.Close, Office, now.AddDays(-9));
                db.Problems.Add(p);
            }
        }
        await db.SaveChangesAsync();
    }
}
