using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.EntityFrameworkCore;
using Shifan.Core;
using Shifan.Core.Campaigns;
using Shifan.Core.Evidence;
using Shifan.Core.Frameworks;
using Shifan.Core.SelfAssessment;
using Shifan.Core.Users;
using Shifan.Documents.SelfAssessment;
using Shifan.Features.Campaigns;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.SelfCheckReports;

/// <summary>
/// The 自评报告 of the campaign and each unit's 自查报告: a draft written from the current ratings, figures, scores,
/// 情况说明 and problems (read from their tables, never written), edited per section in the browser, then made final —
/// the .docx is built once, kept with its SHA-256, and the report no longer changes. A unit's people reach only their
/// own unit's 自查报告 (their data scope); the office reaches all, and alone the campaign's 自评报告.
/// </summary>
public sealed class SelfCheckReportService(ShifanDbContext db, CampaignAccess access, TimeProvider clock)
{
    public const int TitleMaxLength = 200;
    public const int SectionMaxLength = 200_000;
    /// <summary>The Sections column holds at most 500,000 characters; the JSON around the text needs some of them.</summary>
    public const int TotalMaxLength = 480_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // Chinese stays as written, so the column's limit counts characters, not \u escapes.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public static string KindName(int? unitId) => unitId is null ? "自评报告" : "自查报告";

    private static string StatusName(SelfAssessmentReport r) => r.IsFinal ? "已定稿" : "草稿";

    private void Require(string permission, string message)
    {
        if (!access.Has(permission)) throw new ForbiddenException(message);
    }

    private async Task<Campaign> CampaignAsync(int campaignId)
    {
        if (!access.CanSee(campaignId)) throw new NotFoundException("创建活动不存在");
        return await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId) ?? throw new NotFoundException("创建活动不存在");
    }

    /// <summary>Whether the caller's data scope reaches a report: the campaign's needs the whole campaign, a unit's needs that unit.</summary>
    private static bool Reaches(HashSet<int>? visible, int? unitId) => visible is null || unitId is int u && visible.Contains(u);

    private bool MayEdit(SelfAssessmentReport r) => access.Has(r.UnitId is null ? Permissions.ReportEdit : Permissions.UnitReportEdit);

    private async Task<SelfAssessmentReport> FindAsync(int campaignId, int id, bool tracking = false)
    {
        var q = db.SelfAssessmentReports.Where(r => r.Id == id && r.CampaignId == campaignId);
        var report = await (tracking ? q : q.AsNoTracking()).FirstOrDefaultAsync() ?? throw new NotFoundException("报告不存在");
        if (!Reaches(await access.VisibleUnitsAsync(db, campaignId), report.UnitId)) throw new NotFoundException("报告不存在");
        return report;
    }

    private async Task<string?> UnitNameAsync(int? unitId) =>
        unitId is int u ? await db.Units.AsNoTracking().Where(x => x.Id == u).Select(x => x.Name).FirstOrDefaultAsync() : null;

    public static IReadOnlyList<ReportSection> ReadSections(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<List<ReportSection>>(json, Json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static string WriteSections(IEnumerable<ReportSection> sections) => JsonSerializer.Serialize(sections, Json);

    // ---- reading ----

    public async Task<IReadOnlyList<ReportRow>> ListAsync(int campaignId)
    {
        Require(Permissions.AssessmentView, "没有查看自查自评报告的权限");
        await CampaignAsync(campaignId);
        var visible = await access.VisibleUnitsAsync(db, campaignId);
        var rows = await db.SelfAssessmentReports.AsNoTracking().Where(r => r.CampaignId == campaignId)
            .Select(r => new { r.Id, r.UnitId, r.Title, r.Status, r.UpdatedAt, r.UpdatedBy, r.FinalizedAt, r.Sha256 }).ToListAsync();
        var units = await db.Units.AsNoTracking().Where(u => u.CampaignId == campaignId).ToDictionaryAsync(u => u.Id, u => u.Name);
        return rows.Where(r => Reaches(visible, r.UnitId)).OrderBy(r => r.UnitId is null ? 0 : 1).ThenByDescending(r => r.Id)
            .Select(r => new ReportRow(r.Id, r.UnitId, r.UnitId is int u ? units.GetValueOrDefault(u) : null, KindName(r.UnitId), r.Title,
                r.Status == ReportStatus.Final ? "已定稿" : "草稿", r.Status == ReportStatus.Final, r.UpdatedAt, r.UpdatedBy, r.FinalizedAt, r.Sha256)).ToList();
    }

    /// <summary>What the caller may draft: the 自评报告 needs the office's right and the whole campaign; 自查报告 the units in its scope.</summary>
    public async Task<ReportOptions> OptionsAsync(int campaignId)
    {
        await CampaignAsync(campaignId);
        var visible = await access.VisibleUnitsAsync(db, campaignId);
        var units = !access.Has(Permissions.UnitReportEdit) ? []
            : (await db.Units.AsNoTracking().Where(u => u.CampaignId == campaignId).OrderBy(u => u.SortOrder).ThenBy(u => u.Id).Select(u => new { u.Id, u.Name }).ToListAsync())
                .Where(u => visible is null || visible.Contains(u.Id)).Select(u => (u.Id, u.Name)).ToList();
        return new ReportOptions(access.Has(Permissions.ReportEdit) && visible is null, units);
    }

    public async Task<ReportView> GetAsync(int campaignId, int id)
    {
        Require(Permissions.AssessmentView, "没有查看自查自评报告的权限");
        await CampaignAsync(campaignId);
        return await ViewAsync(await FindAsync(campaignId, id));
    }

    private async Task<ReportView> ViewAsync(SelfAssessmentReport r) =>
        new(r.Id, r.CampaignId, r.UnitId, await UnitNameAsync(r.UnitId), KindName(r.UnitId), r.Title, StatusName(r), r.IsFinal, ReadSections(r.Sections),
            r.UpdatedAt, r.UpdatedBy, r.FinalizedAt, r.FinalizedBy, r.Sha256, !r.IsFinal && MayEdit(r));

    // ---- drafting ----

    /// <summary>A new draft of the campaign's 自评报告 from the current data.</summary>
    public async Task<ReportView> GenerateCampaignAsync(int campaignId)
    {
        Require(Permissions.ReportEdit, "没有编写自评报告的权限");
        var campaign = await CampaignAsync(campaignId);
        if (await access.VisibleUnitsAsync(db, campaignId) is not null) throw new ForbiddenException("编写自评报告需要全活动范围的数据权限");
        return await SaveDraftAsync(campaign, null);
    }

    /// <summary>A new draft of a unit's 自查报告 (the caller's own unit when none is named), restricted to the indicators it holds.</summary>
    public async Task<ReportView> GenerateUnitAsync(int campaignId, int? unitId)
    {
        Require(Permissions.UnitReportEdit, "没有编写自查报告的权限");
        var campaign = await CampaignAsync(campaignId);
        var unit = unitId ?? access.UnitId ?? throw new RefusedException(new Refusal("请选择要编写自查报告的单位", "unitId"));
        if (!await db.Units.AnyAsync(u => u.Id == unit && u.CampaignId == campaignId)) throw new NotFoundException("单位不存在");
        if (!Reaches(await access.VisibleUnitsAsync(db, campaignId), unit)) throw new NotFoundException("单位不存在");
        return await SaveDraftAsync(campaign, unit);
    }

    private async Task<ReportView> SaveDraftAsync(Campaign campaign, int? unitId)
    {
        var document = SelfAssessmentComposer.Compose(await FactsAsync(campaign, unitId));
        var now = clock.GetUtcNow();
        var report = new SelfAssessmentReport
        {
            CampaignId = campaign.Id, UnitId = unitId, Status = ReportStatus.Draft, Title = document.Title, Sections = WriteSections(document.Sections),
            UpdatedAt = now, UpdatedBy = access.UserName,
        };
        if (report.Sections.Length > TotalMaxLength) throw new RefusedException(new Refusal("报告内容超过系统上限，请精简情况说明后再生成"));
        db.SelfAssessmentReports.Add(report);
        await db.SaveChangesAsync();
        return await ViewAsync(report);
    }

    /// <summary>Reads everything the report is written from (read-only queries of the owners' tables).</summary>
    internal async Task<SelfAssessmentFacts> FactsAsync(Campaign campaign, int? unitId)
    {
        var framework = await db.Frameworks.AsNoTracking().FirstAsync(f => f.Id == campaign.FrameworkId);
        framework.Nodes = await db.FrameworkNodes.AsNoTracking().Where(n => n.FrameworkId == campaign.FrameworkId).ToListAsync();
        var byId = framework.Nodes.ToDictionary(n => n.Id);
        foreach (var n in framework.Nodes)
        {
            n.Parent = n.ParentId is int p && byId.TryGetValue(p, out var parent) ? parent : null;
            n.Parent?.Children.Add(n);
        }
        var ratings = await db.IndicatorRatings.AsNoTracking().Where(r => r.CampaignId == campaign.Id).ToListAsync();
        var figures = await db.ThresholdFigures.AsNoTracking().Where(f => f.CampaignId == campaign.Id).ToListAsync();
        var problems = await db.Problems.AsNoTracking().Where(p => p.CampaignId == campaign.Id).ToListAsync();
        var explanations = await db.EvidenceItems.AsNoTracking()
            .Where(i => i.CampaignId == campaign.Id && i.Kind == EvidenceKind.Explanation && i.DeletedAt == null && !i.Classified)
            .OrderBy(i => i.Id).Select(i => new ExplanationText(i.NodeId, i.UnitId, i.Title, i.Text)).ToListAsync();
        var assignments = await db.Assignments.AsNoTracking().Where(a => a.CampaignId == campaign.Id).ToListAsync();
        var units = await db.Units.AsNoTracking().Where(u => u.CampaignId == campaign.Id).ToDictionaryAsync(u => u.Id, u => u.Name);
        var author = unitId is int u ? units.GetValueOrDefault(u, "") : OfficeName(campaign);
        return new SelfAssessmentFacts(campaign.Name, campaign.Region, framework, ratings, figures, problems, explanations, assignments, units,
            author, ChinaTime.DateOf(clock.GetUtcNow()), unitId);
    }

    private static string OfficeName(Campaign c) => $"{c.Region}法治政府建设示范创建工作领导小组办公室";

    // ---- editing and finalizing ----

    private async Task<SelfAssessmentReport> EditableAsync(int campaignId, int id)
    {
        await CampaignAsync(campaignId);
        var report = await FindAsync(campaignId, id, tracking: true);
        if (!MayEdit(report)) throw new ForbiddenException(report.UnitId is null ? "没有编写自评报告的权限" : "没有编写自查报告的权限");
        if (report.IsFinal) throw new ConflictException($"该{KindName(report.UnitId)}已定稿，不能再修改；如需修改，请重新生成草稿");
        return report;
    }

    public async Task<ReportView> SaveAsync(int campaignId, int id, ReportInput input)
    {
        Require(Permissions.UnitReportEdit, "没有编写自查自评报告的权限");
        var report = await EditableAsync(campaignId, id);
        if (input.Title is not null)
        {
            var title = input.Title.Trim();
            if (title.Length == 0) throw new RefusedException(new Refusal("请填写报告标题", "title"));
            if (title.Length > TitleMaxLength) throw new RefusedException(new Refusal($"报告标题不能超过{TitleMaxLength}字", "title"));
            report.Title = title;
        }
        if (input.Sections is not null)
        {
            if (input.Sections.Count == 0) throw new RefusedException(new Refusal("报告至少要有一节内容", "sections"));
            var sections = new List<ReportSection>();
            foreach (var (s, i) in input.Sections.Select((s, i) => (s, i)))
            {
                var heading = s.Heading?.Trim() ?? "";
                var body = (s.Body ?? "").Replace("\r\n", "\n").Trim();
                if (heading.Length > 100) throw new RefusedException(new Refusal($"第{i + 1}节标题不能超过100字", "sections"));
                if (body.Length > SectionMaxLength) throw new RefusedException(new Refusal($"“{heading}”一节不能超过{SectionMaxLength}字", "sections"));
                sections.Add(new ReportSection(heading, body));
            }
            var json = WriteSections(sections);
            if (json.Length > TotalMaxLength) throw new RefusedException(new Refusal("报告内容过长，请精简后再保存", "sections"));
            report.Sections = json;
        }
        report.UpdatedAt = clock.GetUtcNow();
        report.UpdatedBy = access.UserName;
        await db.SaveChangesAsync();
        return await ViewAsync(report);
    }

    /// <summary>定稿: the .docx is built once from the draft and kept with its SHA-256; the report no longer changes.</summary>
    public async Task<ReportView> FinalizeAsync(int campaignId, int id)
    {
        Require(Permissions.UnitReportEdit, "没有定稿自查自评报告的权限");
        var report = await EditableAsync(campaignId, id);
        var campaign = await CampaignAsync(campaignId);
        var now = clock.GetUtcNow();
        report.Status = ReportStatus.Final;
        report.FinalizedAt = now;
        report.FinalizedBy = access.UserName;
        report.UpdatedAt = now;
        report.UpdatedBy = access.UserName;
        report.Archive = Render(report, campaign, await UnitNameAsync(report.UnitId));
        report.Sha256 = Sha256Of(report.Archive);
        await db.SaveChangesAsync();
        return await ViewAsync(report);
    }

    public static string Sha256Of(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    // ---- the document ----

    /// <summary>The .docx: as archived when final, otherwise rendered from the draft.</summary>
    public async Task<(byte[] Bytes, string FileName)> DocxAsync(int campaignId, int id)
    {
        Require(Permissions.AssessmentView, "没有查看自查自评报告的权限");
        var campaign = await CampaignAsync(campaignId);
        var report = await FindAsync(campaignId, id);
        var bytes = report.Archive ?? Render(report, campaign, await UnitNameAsync(report.UnitId));
        return (bytes, $"{report.Title}{(report.IsFinal ? "" : "（草稿）")}.docx");
    }

    private byte[] Render(SelfAssessmentReport r, Campaign campaign, string? unitName)
    {
        var date = ChinaTime.DateOf(r.FinalizedAt ?? clock.GetUtcNow());
        return Render(new SelfAssessmentDocument(r.Title, unitName ?? OfficeName(campaign), SelfAssessmentComposer.DateText(date), ReadSections(r.Sections)));
    }

    private static byte[] Render(SelfAssessmentDocument document)
    {
        using var ms = new MemoryStream();
        SelfAssessmentDocxWriter.Write(document, ms);
        return ms.ToArray();
    }

    /// <summary>
    /// For `report selfcheck`: the latest final report of the campaign (or of the unit) as archived, otherwise one
    /// written from the current data without saving a draft.
    /// </summary>
    public async Task<(byte[] Bytes, string Title, bool Final)> CurrentDocxAsync(int campaignId, int? unitId)
    {
        Require(Permissions.AssessmentView, "没有查看自查自评报告的权限");
        if (!access.CanSee(campaignId)) throw new NotFoundException($"创建活动{campaignId}不存在");
        var campaign = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId) ?? throw new NotFoundException($"创建活动{campaignId}不存在");
        if (unitId is int u && !await db.Units.AnyAsync(x => x.Id == u && x.CampaignId == campaignId))
            throw new NotFoundException($"单位{u}不存在或不属于创建活动{campaignId}");
        if (!Reaches(await access.VisibleUnitsAsync(db, campaignId), unitId)) throw new NotFoundException($"单位{unitId}不存在或不属于创建活动{campaignId}");
        var final = await db.SelfAssessmentReports.AsNoTracking()
            .Where(r => r.CampaignId == campaignId && r.UnitId == unitId && r.Status == ReportStatus.Final && r.Archive != null)
            .OrderByDescending(r => r.FinalizedAt).ThenByDescending(r => r.Id).FirstOrDefaultAsync();
        if (final is not null) return (final.Archive!, final.Title, true);
        var document = SelfAssessmentComposer.Compose(await FactsAsync(campaign, unitId));
        return (Render(document), document.Title, false);
    }

    /// <summary>
    /// The campaign's latest final 自评报告, for the package (集中申报) to carry; null when none is final.
    /// The caller has checked its own right to the campaign.
    /// </summary>
    public async Task<SelfAssessmentReport?> LatestFinalCampaignReportAsync(int campaignId) =>
        await db.SelfAssessmentReports.AsNoTracking()
            .Where(r => r.CampaignId == campaignId && r.UnitId == null && r.Status == ReportStatus.Final && r.Archive != null)
            .OrderByDescending(r => r.FinalizedAt).ThenByDescending(r => r.Id).FirstOrDefaultAsync();
}
