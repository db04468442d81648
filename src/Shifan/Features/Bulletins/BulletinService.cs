using Microsoft.EntityFrameworkCore;
using Shifan.Core;
using Shifan.Core.Campaigns;
using Shifan.Core.Notifications;
using Shifan.Core.Supervision;
using Shifan.Core.Users;
using Shifan.Documents.Bulletins;
using Shifan.Features.Campaigns;
using Shifan.Features.Dashboard;
using Shifan.Features.Notifications;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Bulletins;

/// <summary>
/// The 督导通报: a draft generated from the period's figures and ranking, edited by the office, then published —
/// numbered 〔year〕N号 per campaign, archived as the .docx handed out, and sent to every unit's people.
/// </summary>
public sealed class BulletinService(ShifanDbContext db, CampaignAccess access, DashboardService dashboard, INotifier notifier, TimeProvider clock)
{
    private const int PraisedCount = 3, LaggingCount = 3;

    private void Require(string permission, string message)
    {
        if (!access.Has(permission)) throw new ForbiddenException(message);
    }

    private async Task<Campaign> CampaignAsync(int campaignId)
    {
        if (!access.CanSee(campaignId)) throw new NotFoundException("创建活动不存在");
        return await db.Campaigns.AsNoTracking().Include(c => c.Stages).FirstOrDefaultAsync(c => c.Id == campaignId) ?? throw new NotFoundException("创建活动不存在");
    }

    private async Task<Bulletin> FindAsync(int campaignId, int id, bool tracking = false)
    {
        var q = db.Bulletins.Where(b => b.Id == id && b.CampaignId == campaignId);
        return await (tracking ? q : q.AsNoTracking()).FirstOrDefaultAsync() ?? throw new NotFoundException("通报不存在");
    }

    private static string? NumberOf(Bulletin b, SupervisionSettings s) => b.Number is int n ? $"{s.NumberPrefix ?? "督导通报"}〔{b.Year}〕{n}号" : null;

    public async Task<IReadOnlyList<BulletinRow>> ListAsync(int campaignId)
    {
        Require(Permissions.BulletinView, "没有查看督导通报的权限");
        await CampaignAsync(campaignId);
        var rules = await dashboard.RulesAsync(campaignId);
        var periods = await db.LedgerPeriods.AsNoTracking().Where(p => p.CampaignId == campaignId).ToDictionaryAsync(p => p.Id, p => p.Name);
        var list = await db.Bulletins.AsNoTracking().Where(b => b.CampaignId == campaignId)
            .Select(b => new { b.Id, b.PeriodId, b.Title, b.Status, b.Year, b.Number, b.UpdatedAt, b.PublishedAt }).ToListAsync();
        return list.OrderByDescending(b => b.Id).Select(b => new BulletinRow(b.Id, b.PeriodId, periods.GetValueOrDefault(b.PeriodId, ""), b.Title,
            b.Status == BulletinStatus.Published ? "已印发" : "草稿", b.Number is int n ? $"{rules.NumberPrefix ?? "督导通报"}〔{b.Year}〕{n}号" : null, b.UpdatedAt, b.PublishedAt)).ToList();
    }

    public async Task<BulletinView> GetAsync(int campaignId, int id)
    {
        Require(Permissions.BulletinView, "没有查看督导通报的权限");
        await CampaignAsync(campaignId);
        var b = await FindAsync(campaignId, id);
        return await ViewAsync(b);
    }

    private async Task<BulletinView> ViewAsync(Bulletin b)
    {
        var rules = await dashboard.RulesAsync(b.CampaignId);
        var period = await db.LedgerPeriods.AsNoTracking().Where(p => p.Id == b.PeriodId).Select(p => p.Name).FirstOrDefaultAsync() ?? "";
        return new BulletinView(b.Id, b.CampaignId, b.PeriodId, period, b.Published ? "已印发" : "草稿", b.Published, NumberOf(b, rules), b.Title,
            b.Summary, b.Praised, b.Lagging, b.Problems, b.NextSteps, RankingRows(b.RankingTable), b.UpdatedAt, b.UpdatedBy, b.PublishedAt, b.PublishedBy);
    }

    private static IReadOnlyList<IReadOnlyList<string>> RankingRows(string table) =>
        table.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => (IReadOnlyList<string>)l.Split('\t')).ToList();

    /// <summary>A new draft for the period, written from the dashboard's figures and the ranking; the office edits it before publishing.</summary>
    public async Task<BulletinView> GenerateAsync(int campaignId, int? periodId)
    {
        Require(Permissions.BulletinEdit, "没有起草督导通报的权限");
        var campaign = await CampaignAsync(campaignId);
        var view = await dashboard.GetAsync(campaignId, periodId);
        if (!view.WholeCampaign) throw new ForbiddenException("起草督导通报需要全活动范围的数据权限");
        if (view.PeriodId is not int pid) throw new RefusedException(new Refusal("该创建活动还没有报送期，不能生成通报", "periodId"));
        var ranking = await dashboard.RankingAsync(campaignId, pid);
        var today = dashboard.Today;
        int Count(string label) => view.ByState.First(f => f.Label == label).Value;
        var ledgers = view.Ledgers.ToDictionary(f => f.Label, f => f.Value);
        var summary = $"截至{today.Year}年{today.Month}月{today.Day}日，{campaign.Name}共{view.Indicators}项指标，其中材料全部审核通过{Count("全部通过")}项，" +
            $"已提交待审{Count("已提交")}项，被退回待整改{Count("被退回")}项，尚未开始{Count("未开始")}项。" +
            $"{view.PeriodName}工作台账按时报送{ledgers.GetValueOrDefault("按时提交")}个单位，逾期报送{ledgers.GetValueOrDefault("逾期提交")}个，" +
            $"逾期未报{ledgers.GetValueOrDefault("逾期未交") + ledgers.GetValueOrDefault("逾期未报")}个。红灯单位{view.UnitLights[2].Value}个、黄灯单位{view.UnitLights[1].Value}个。";
        var top = ranking.Units.Take(PraisedCount).Where(u => u.Score > 0).ToList();
        var bottom = ranking.Units.Count > PraisedCount + LaggingCount ? ranking.Units.TakeLast(LaggingCount).ToList() : ranking.Units.Skip(top.Count).TakeLast(LaggingCount).ToList();
        var praised = top.Count == 0 ? "本期暂无表扬单位。" : $"{string.Join("、", top.Select(u => u.UnitName))}工作推进有力，材料报送及时、质量较高，予以通报表扬。";
        var lagging = bottom.Count == 0 ? "本期暂无进度滞后单位。" : $"{string.Join("、", bottom.Select(u => u.UnitName))}工作进度相对滞后，请对照指标要求抓紧整改，按时报送材料和台账。";
        var returned = await dashboard.ListAsync(campaignId, new DrillQuery("returned", null, null, null, null, null, pid));
        var reasons = returned.Rows.GroupBy(r => r.Cells[3]).OrderByDescending(g => g.Count()).Take(3).Select(g => $"“{g.Key}”{g.Count()}项").ToList();
        var overdue = view.Attention.First().Value;
        var problems = string.Join("\n", new[]
        {
            reasons.Count == 0 ? null : $"（一）材料质量有待提高。被退回待重新提交的材料{returned.Total}项，退回原因主要为{string.Join("、", reasons)}。",
            overdue == 0 ? null : $"（二）部分任务逾期未完成。已超过截止日期仍未提交的指标任务{overdue}项。",
            ledgers.GetValueOrDefault("逾期未交") + ledgers.GetValueOrDefault("逾期未报") == 0 ? null : $"（三）台账报送不够及时。{view.PeriodName}工作台账有{ledgers.GetValueOrDefault("逾期未交") + ledgers.GetValueOrDefault("逾期未报")}个单位逾期未报。",
        }.Where(x => x is not null));
        var next = campaign.Stages.Where(s => s.Deadline >= today).OrderBy(s => s.Deadline).Take(2).Select(s => $"“{s.Name}”阶段工作于{s.Deadline.Year}年{s.Deadline.Month}月{s.Deadline.Day}日前完成").ToList();
        var nextPeriod = await db.LedgerPeriods.AsNoTracking().Where(p => p.CampaignId == campaignId && p.DueOn >= today).OrderBy(p => p.DueOn).FirstOrDefaultAsync();
        if (nextPeriod is not null) next.Add($"{nextPeriod.Name}工作台账于{nextPeriod.DueOn.Year}年{nextPeriod.DueOn.Month}月{nextPeriod.DueOn.Day}日前报送");
        var nextSteps = (next.Count == 0 ? "" : $"请各单位对照时间节点抓紧推进：{string.Join("；", next)}。") + "被退回的材料请于5个工作日内整改后重新提交。";
        var now = clock.GetUtcNow();
        var b = new Bulletin
        {
            CampaignId = campaignId, PeriodId = pid, Status = BulletinStatus.Draft, Title = $"关于{view.PeriodName}法治政府建设示范创建工作推进情况的通报",
            Summary = summary, Praised = praised, Lagging = lagging, Problems = problems.Length == 0 ? "本期未发现突出问题。" : problems, NextSteps = nextSteps,
            RankingTable = string.Join("\n", ranking.Units.Select(u => string.Join("\t", u.Rank.ToString(), u.UnitName, u.Score.ToString("0.0"),
                u.Lines[0].SubScore.ToString("0.#") + "%", u.Lines[1].Basis.Replace("本期台账：", "")))),
            CreatedAt = now, CreatedBy = access.UserName, UpdatedAt = now, UpdatedBy = access.UserName,
        };
        db.Bulletins.Add(b);
        await db.SaveChangesAsync();
        return await ViewAsync(b);
    }

    public async Task<BulletinView> SaveAsync(int campaignId, int id, BulletinInput input)
    {
        Require(Permissions.BulletinEdit, "没有修改督导通报的权限");
        await CampaignAsync(campaignId);
        var b = await FindAsync(campaignId, id, tracking: true);
        if (b.Published) throw new ConflictException("通报已印发，不能再修改");
        if (input.Title is not null) b.Title = input.Title.Trim();
        if (input.Summary is not null) b.Summary = input.Summary.Trim();
        if (input.Praised is not null) b.Praised = input.Praised.Trim();
        if (input.Lagging is not null) b.Lagging = input.Lagging.Trim();
        if (input.Problems is not null) b.Problems = input.Problems.Trim();
        if (input.NextSteps is not null) b.NextSteps = input.NextSteps.Trim();
        if (b.Validate() is { } refusal) throw new RefusedException(refusal);
        b.UpdatedAt = clock.GetUtcNow();
        b.UpdatedBy = access.UserName;
        await db.SaveChangesAsync();
        return await ViewAsync(b);
    }

    /// <summary>Numbers the draft (next number of the campaign's year), archives the .docx and notifies every unit's people.</summary>
    public async Task<BulletinView> PublishAsync(int campaignId, int id)
    {
        Require(Permissions.BulletinEdit, "没有印发督导通报的权限");
        var campaign = await CampaignAsync(campaignId);
        var b = await FindAsync(campaignId, id, tracking: true);
        if (b.Published) throw new ConflictException("通报已印发");
        var now = clock.GetUtcNow();
        var year = ChinaTime.DateOf(now).Year;
        b.Year = year;
        b.Number = (await db.Bulletins.Where(x => x.CampaignId == campaignId && x.Year == year && x.Number != null).MaxAsync(x => x.Number) ?? 0) + 1;
        b.Status = BulletinStatus.Published;
        b.PublishedAt = now;
        b.PublishedBy = access.UserName;
        b.UpdatedAt = now;
        b.UpdatedBy = access.UserName;
        var rules = await dashboard.RulesAsync(campaignId);
        b.Archive = Render(b, campaign, rules, await PeriodNameAsync(b.PeriodId));
        await db.SaveChangesAsync();
        var users = await (from u in db.Users.AsNoTracking()
                           join unit in db.Units on u.UnitId equals unit.Id
                           where unit.CampaignId == campaignId && !u.Disabled
                           select u.Id).ToListAsync();
        await notifier.NotifyAsync(users, new NotificationMessage(NotificationKind.Notice, campaignId, $"{NumberOf(b, rules)}：{b.Title}",
            "办公室印发了督导通报，请查阅并对照整改。", $"/campaigns/{campaignId}/bulletins/{b.Id}", $"bulletin:{b.Id}:published"));
        return await ViewAsync(b);
    }

    private Task<string> PeriodNameAsync(int periodId) =>
        db.LedgerPeriods.AsNoTracking().Where(p => p.Id == periodId).Select(p => p.Name).FirstAsync();

    /// <summary>The .docx: as archived when published, otherwise rendered from the draft (marked 草稿 in the number).</summary>
    public async Task<(byte[] Bytes, string FileName)> DocxAsync(int campaignId, int id)
    {
        Require(Permissions.BulletinView, "没有查看督导通报的权限");
        var campaign = await CampaignAsync(campaignId);
        var b = await FindAsync(campaignId, id);
        var rules = await dashboard.RulesAsync(campaignId);
        var bytes = b.Archive ?? Render(b, campaign, rules, await PeriodNameAsync(b.PeriodId));
        return (bytes, $"{(NumberOf(b, rules) ?? "督导通报（草稿）")}-{b.Title}.docx");
    }

    internal byte[] Render(Bulletin b, Campaign campaign, SupervisionSettings rules, string periodName)
    {
        var issuing = rules.IssuingBody ?? $"{campaign.Region}法治政府建设示范创建工作领导小组办公室";
        var date = ChinaTime.DateOf(b.PublishedAt ?? clock.GetUtcNow());
        string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var doc = new BulletinDocument(issuing, NumberOf(b, rules) ?? $"{rules.NumberPrefix ?? "督导通报"}〔{date.Year}〕　号（草稿）", b.Title, "各成员单位：",
        [
            new BulletinSection("一、总体情况", Lines(b.Summary)),
            new BulletinSection("二、排名情况", [$"根据{periodName}各单位指标完成率、台账报送及时性、材料退回和审核通过情况，按本系统公布的排名公式计算，各单位得分及排名如下："]),
            new BulletinSection("三、表扬单位", Lines(b.Praised)),
            new BulletinSection("四、进度滞后单位", Lines(b.Lagging)),
            new BulletinSection("五、存在问题", Lines(b.Problems)),
            new BulletinSection("六、下步工作", Lines(b.NextSteps)),
        ],
            ["名次", "单位", "得分", "完成率", "本期台账"], RankingRows(b.RankingTable), 1,
            issuing, $"{date.Year}年{date.Month}月{date.Day}日", "领导小组各成员", issuing, $"{date.Year}年{date.Month}月{date.Day}日");
        using var ms = new MemoryStream();
        BulletinDocxWriter.Write(doc, ms);
        return ms.ToArray();
    }
}
