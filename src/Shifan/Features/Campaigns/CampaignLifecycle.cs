using Microsoft.EntityFrameworkCore;
using Shifan.Core;
using Shifan.Core.Campaigns;
using Shifan.Core.Frameworks;
using Shifan.Core.Units;
using Shifan.Core.Users;
using Shifan.Documents.Frameworks;
using Shifan.Features.Demo;
using Shifan.Features.FrameworkImport;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Campaigns;

/// <param name="Level">市, 县, 区 or 部门 (or City, County, District, Department).</param>
/// <param name="OfficeName">The campaign office (创建办公室) the units hang under; by default "{Region}法治政府建设示范创建办公室".</param>
/// <param name="OrganisationId">The organisation that runs the campaign (组织机构); users above it see the campaign.</param>
public sealed record NewCampaign(string? Name, string? Region, string? Level, DateOnly? StartsOn, DateOnly? EndsOn, string? OfficeName = null, int? OrganisationId = null, int? FromCampaignId = null);

/// <summary>A rename or re-dating of a campaign; null fields stay as they are.</summary>
public sealed record CampaignEdit(string? Name, string? Region, string? Level, DateOnly? StartsOn, DateOnly? EndsOn, string? Status, int? OrganisationId = null);

/// <summary>
/// Starting, changing and closing a 创建活动. A campaign starts from a framework document (any format
/// the importer reads) or, without one, from the reference 市县法治政府建设示范指标体系 shipped with the
/// product; the units and assignments the document names are created with it, in one transaction.
/// </summary>
public sealed class CampaignLifecycle(ShifanDbContext db, CampaignAccess access, FrameworkImportService import, CampaignFromPast fromPast, TimeProvider clock)
{
    public const string ReferenceFrameworkName = "市县法治政府建设示范指标体系";

    private static Refusal? Check(string? name, string? region, CampaignLevel? level, string? levelText, DateOnly? startsOn, DateOnly? endsOn)
    {
        if (name is not null && string.IsNullOrWhiteSpace(name)) return new Refusal("请填写活动名称", "name");
        if (name is { Length: > 100 }) return new Refusal("活动名称不能超过100个字", "name");
        if (region is not null && string.IsNullOrWhiteSpace(region)) return new Refusal("请填写所属地区或单位", "region");
        if (region is { Length: > 100 }) return new Refusal("所属地区或单位不能超过100个字", "region");
        if (levelText is not null && level is null) return new Refusal("层级应为 市、县、区 或 部门", "level");
        if (startsOn is { } s && endsOn is { } e && e <= s) return new Refusal("结束日期应晚于开始日期", "endsOn");
        return null;
    }

    public static CampaignLevel? ParseLevel(string? text) => text?.Trim() switch
    {
        null or "" => null,
        "市" => CampaignLevel.City,
        "县" => CampaignLevel.County,
        "区" => CampaignLevel.District,
        "部门" => CampaignLevel.Department,
        var t => Enum.TryParse<CampaignLevel>(t, true, out var l) && Enum.IsDefined(l) ? l : null,
    };

    public static CampaignStatus? ParseStatus(string? text) => text?.Trim() switch
    {
        null or "" => null,
        var t => Enum.GetValues<CampaignStatus>().FirstOrDefault(s => Campaign.StatusName(s) == t) is var byName && Campaign.StatusName(byName) == t ? byName
            : Enum.TryParse<CampaignStatus>(t, true, out var s) && Enum.IsDefined(s) ? s : null,
    };

    /// <summary>The reference indicator system, as the demo campaign uses it.</summary>
    public static FrameworkFile ReferenceFramework()
    {
        using var stream = File.OpenRead(Path.Combine(DemoSeeder.SampleDirectory, "demo-framework.json"));
        return FrameworkJson.Read(stream);
    }

    /// <summary>Creates a campaign with its framework (version 1), default stages, office, units and assignments.</summary>
    public async Task<(int? Id, Refusal? Refusal)> CreateAsync(NewCampaign request, FrameworkFile? file)
    {
        if (!access.Has(Permissions.CampaignCreate)) throw new ForbiddenException("没有新建创建活动的权限");
        var level = ParseLevel(request.Level);
        if (string.IsNullOrWhiteSpace(request.Name)) return (null, new Refusal("请填写活动名称", "name"));
        if (string.IsNullOrWhiteSpace(request.Region)) return (null, new Refusal("请填写所属地区或单位", "region"));
        if (request.StartsOn is null) return (null, new Refusal("请填写开始日期", "startsOn"));
        if (request.EndsOn is null) return (null, new Refusal("请填写结束日期", "endsOn"));
        if (Check(request.Name, request.Region, level, request.Level, request.StartsOn, request.EndsOn) is { } refusal) return (null, refusal);
        if (await db.Campaigns.AnyAsync(c => c.Name == request.Name.Trim())) return (null, new Refusal("已有同名的创建活动", "name"));
        if (request.OrganisationId is int org && !await db.Organisations.AnyAsync(o => o.Id == org)) return (null, new Refusal("所属组织不存在", "organisationId"));
        Campaign? past = null;
        if (request.FromCampaignId is int pastId)
        {
            past = access.CanSee(pastId) ? await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == pastId) : null;
            if (past is null) return (null, new Refusal("往期创建活动不存在", "fromCampaignId"));
            if (request.StartsOn < past.StartsOn) return (null, new Refusal("新一轮活动的开始日期不能早于往期活动", "startsOn"));
            // The same framework, as a new version of it, unless a new document is given.
            file ??= FrameworkMapping.ToFile(await PastFrameworkAsync(past.FrameworkId));
        }
        file ??= ReferenceFramework();
        if (!file.AllNodes().Any(n => n.Kind == "indicator")) return (null, new Refusal("指标体系文件中没有可导入的指标", "framework"));
        var (framework, named) = FrameworkMapping.ToDomain(file, string.IsNullOrWhiteSpace(file.Title) ? ReferenceFrameworkName : file.Title.Trim());

        var strategy = db.Database.CreateExecutionStrategy();
        var id = await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            framework.Version = 1 + (await db.Frameworks.Where(f => f.Name == framework.Name).MaxAsync(f => (int?)f.Version) ?? 0);
            framework.CreatedAt = clock.GetUtcNow();
            db.Frameworks.Add(framework);
            await db.SaveChangesAsync();
            var campaign = new Campaign
            {
                Name = request.Name.Trim(), Region = request.Region.Trim(), Level = level ?? CampaignLevel.County, Status = CampaignStatus.Planning,
                StartsOn = request.StartsOn.Value, EndsOn = request.EndsOn.Value, FrameworkId = framework.Id, CreatedAt = clock.GetUtcNow(),
                OrganisationId = request.OrganisationId,
            };
            campaign.AddDefaultStages();
            db.Campaigns.Add(campaign);
            await db.SaveChangesAsync();
            var officeName = string.IsNullOrWhiteSpace(request.OfficeName) ? $"{campaign.Region}法治政府建设示范创建办公室" : request.OfficeName.Trim();
            db.Units.Add(new Unit { CampaignId = campaign.Id, Name = officeName.Length > 100 ? officeName[..100] : officeName, Kind = UnitKind.Office, SortOrder = 1 });
            // A 工作台账 reporting period for every month of the campaign, due on the 5th of the next month.
            foreach (var (year, month) in Core.Ledgers.LedgerPeriod.MonthsBetween(campaign.StartsOn, campaign.EndsOn))
            {
                var period = Core.Ledgers.LedgerPeriod.Monthly(campaign.Id, year, month, campaign.LedgerDueDay);
                period.CreatedAt = clock.GetUtcNow();
                db.LedgerPeriods.Add(period);
            }
            await db.SaveChangesAsync();
            await import.AttachUnitsAsync(campaign.Id, file, framework, named, new Dictionary<string, int>());
            if (campaign.OrganisationId is int runBy) await LinkUnitsToOrganisationsAsync(campaign.Id, runBy);
            if (past is not null) CarriedOver = await fromPast.CarryOverAsync(past.Id, campaign, framework);
            await tx.CommitAsync();
            return campaign.Id;
        });
        return (id, null);
    }

    /// <summary>What the last <see cref="CreateAsync"/> from a past campaign took over; null otherwise.</summary>
    public CarriedOver? CarriedOver { get; private set; }

    private async Task<Framework> PastFrameworkAsync(int frameworkId)
    {
        var f = await db.Frameworks.AsNoTrackingWithIdentityResolution().Include(x => x.Nodes).ThenInclude(n => n.Materials).AsSplitQuery().FirstAsync(x => x.Id == frameworkId);
        return f.LinkTree();
    }

    /// <summary>
    /// Links the campaign's units to the organisations of the same name below the organisation that runs it, so the
    /// 司法局 of a county campaign is the county's standing 司法局. Units without a namesake stay unlinked.
    /// </summary>
    public async Task<int> LinkUnitsToOrganisationsAsync(int campaignId, int organisationId)
    {
        var all = await db.Organisations.AsNoTracking().ToListAsync();
        var below = Core.Organisations.Organisation.Subtree(all, organisationId);
        var byName = all.Where(o => below.Contains(o.Id)).GroupBy(o => o.Name).Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single().Id);
        var linked = 0;
        foreach (var unit in await db.Units.Where(u => u.CampaignId == campaignId && u.OrganisationId == null).ToListAsync())
            if (byName.TryGetValue(unit.Name, out var id)) { unit.OrganisationId = id; linked++; }
        await db.SaveChangesAsync();
        return linked;
    }

    /// <summary>Renames, re-dates or changes the status of a campaign.</summary>
    public async Task<Refusal?> UpdateAsync(int campaignId, CampaignEdit edit)
    {
        if (!access.CanSee(campaignId)) throw new NotFoundException("创建活动不存在");
        if (!access.Has(Permissions.CampaignEdit)) throw new ForbiddenException("没有修改创建活动的权限");
        var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == campaignId) ?? throw new NotFoundException("创建活动不存在");
        var level = ParseLevel(edit.Level);
        var status = ParseStatus(edit.Status);
        if (edit.Status is { Length: > 0 } && status is null) return new Refusal("状态应为 筹备中、进行中、已申报 或 已结束", "status");
        if (Check(edit.Name, edit.Region, level, edit.Level is { Length: > 0 } ? edit.Level : null, edit.StartsOn ?? campaign.StartsOn, edit.EndsOn ?? campaign.EndsOn) is { } refusal) return refusal;
        if (edit.Name is { } name && name.Trim() != campaign.Name && await db.Campaigns.AnyAsync(c => c.Id != campaignId && c.Name == name.Trim()))
            return new Refusal("已有同名的创建活动", "name");
        if (status == CampaignStatus.Closed && campaign.Status != CampaignStatus.Closed && !access.Has(Permissions.CampaignCreate))
            throw new ForbiddenException("没有结束创建活动的权限");
        if (edit.OrganisationId is int org && org != campaign.OrganisationId)
        {
            // Moving a campaign to another organisation changes who above sees it: that is the system administrator's decision.
            if (!access.Has(Permissions.OrganisationManage)) throw new ForbiddenException("没有调整创建活动所属组织的权限");
            if (!await db.Organisations.AnyAsync(o => o.Id == org)) return new Refusal("所属组织不存在", "organisationId");
            campaign.OrganisationId = org;
        }
        if (edit.Name is not null) campaign.Name = edit.Name.Trim();
        if (edit.Region is not null) campaign.Region = edit.Region.Trim();
        if (level is { } l) campaign.Level = l;
        if (edit.StartsOn is { } s) campaign.StartsOn = s;
        if (edit.EndsOn is { } e) campaign.EndsOn = e;
        if (status is { } st) campaign.Status = st;
        await db.SaveChangesAsync();
        return null;
    }

    /// <summary>Ends a campaign: it stays readable, and no material can be added any more.</summary>
    public Task<Refusal?> CloseAsync(int campaignId) => UpdateAsync(campaignId, new CampaignEdit(null, null, null, null, null, nameof(CampaignStatus.Closed)));
}
