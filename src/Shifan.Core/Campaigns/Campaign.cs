namespace Shifan.Core.Campaigns;

public enum CampaignLevel { City, County, District, Department }

public enum CampaignStatus { Planning, Active, Submitted, Closed }

/// <summary>A 创建活动: one region or body working through one pinned framework version.</summary>
public sealed class Campaign
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public CampaignLevel Level { get; set; }
    /// <summary>The region or body the campaign belongs to (e.g. 济源产城融合示范区教育体育局).</summary>
    public required string Region { get; set; }
    /// <summary>The organisation that runs the campaign; users placed above it in the organisation tree see it. Null for campaigns made before the tree existed.</summary>
    public int? OrganisationId { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }
    public CampaignStatus Status { get; set; }
    public int FrameworkId { get; set; }
    public Frameworks.Framework? Framework { get; set; }
    public List<CampaignStage> Stages { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The day of the following month by which a month's 工作台账 is due (the 5th unless the office changes it).</summary>
    public int LedgerDueDay { get; set; } = Ledgers.LedgerPeriod.DefaultDueDay;

    public static IReadOnlyList<string> DefaultStageNames { get; } =
        ["动员部署", "全面自查", "整改", "完善提升", "初评", "申报", "验收"];

    /// <summary>Creates the seven standard stages spread evenly over the period.</summary>
    public void AddDefaultStages()
    {
        var days = Math.Max(7, EndsOn.DayNumber - StartsOn.DayNumber);
        var n = DefaultStageNames.Count;
        for (var i = 0; i < n; i++)
        {
            var start = StartsOn.AddDays(days * i / n);
            var end = i == n - 1 ? EndsOn : StartsOn.AddDays(days * (i + 1) / n - 1);
            Stages.Add(new CampaignStage { Name = DefaultStageNames[i], Order = i + 1, StartsOn = start, Deadline = end });
        }
    }

    /// <summary>The stage whose window contains the date, or the last one passed.</summary>
    public CampaignStage? CurrentStage(DateOnly today) =>
        Stages.OrderBy(s => s.Order).FirstOrDefault(s => s.StartsOn <= today && today <= s.Deadline)
        ?? Stages.Where(s => s.Deadline < today).OrderBy(s => s.Order).LastOrDefault();

    public static string LevelName(CampaignLevel level) => level switch
    {
        CampaignLevel.City => "市",
        CampaignLevel.County => "县",
        CampaignLevel.District => "区",
        _ => "部门",
    };

    public static string StatusName(CampaignStatus status) => status switch
    {
        CampaignStatus.Planning => "筹备中",
        CampaignStatus.Active => "进行中",
        CampaignStatus.Submitted => "已申报",
        _ => "已结束",
    };
}

public sealed class CampaignStage
{
    public int Id { get; set; }
    public int CampaignId { get; set; }
    public required string Name { get; set; }
    public int Order { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly Deadline { get; set; }

    /// <summary>Returns a Chinese error message, or null when the stage is valid.</summary>
    public Refusal? Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) return new Refusal("阶段名称不能为空", "name");
        if (Name.Length > 50) return new Refusal("阶段名称不能超过50个字", "name");
        if (Deadline < StartsOn) return new Refusal("阶段截止日期不能早于开始日期", "deadline");
        return null;
    }
}
