namespace Shifan.Core.Supervision;

/// <summary>
/// A campaign's supervision rules: when a traffic light turns yellow or red, and how much each part of the
/// ranking formula weighs. A campaign without a row uses <see cref="Defaults"/>.
/// </summary>
public sealed class SupervisionSettings
{
    public int CampaignId { get; set; }
    /// <summary>Yellow when a share is due within this many days and not yet handed in (default 3).</summary>
    public int YellowDaysBeforeDue { get; set; } = 3;
    /// <summary>Yellow once a share has been returned this many times (default 1).</summary>
    public int YellowReturns { get; set; } = 1;
    /// <summary>Red once a share has been returned this many times (default 2).</summary>
    public int RedReturns { get; set; } = 2;
    public int WeightCompletion { get; set; } = 40;
    public int WeightTimeliness { get; set; } = 30;
    public int WeightReturns { get; set; } = 15;
    public int WeightApprovals { get; set; } = 15;
    /// <summary>The issuing body printed in the 版头 of the 督导通报 (e.g. 某县法治政府建设示范创建工作领导小组办公室).</summary>
    public string? IssuingBody { get; set; }
    /// <summary>The short name in the 发文字号 (e.g. 创建办通报 → 创建办通报〔2026〕3号).</summary>
    public string? NumberPrefix { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";

    public static SupervisionSettings Defaults(int campaignId) => new() { CampaignId = campaignId };

    public int WeightTotal => WeightCompletion + WeightTimeliness + WeightReturns + WeightApprovals;

    public Refusal? Validate()
    {
        if (YellowDaysBeforeDue is < 0 or > 60) return new Refusal("黄灯提前天数只能是0至60天", "yellowDaysBeforeDue");
        if (YellowReturns is < 1 or > 10) return new Refusal("黄灯退回次数只能是1至10次", "yellowReturns");
        if (RedReturns is < 1 or > 10) return new Refusal("红灯退回次数只能是1至10次", "redReturns");
        if (RedReturns < YellowReturns) return new Refusal("红灯退回次数不能少于黄灯退回次数", "redReturns");
        foreach (var (w, field) in new[] { (WeightCompletion, "weightCompletion"), (WeightTimeliness, "weightTimeliness"), (WeightReturns, "weightReturns"), (WeightApprovals, "weightApprovals") })
            if (w is < 0 or > 100) return new Refusal("各项权重只能是0至100", field);
        if (WeightTotal == 0) return new Refusal("各项权重不能全部为0", "weightCompletion");
        if (IssuingBody is { Length: > 60 }) return new Refusal("发文机关名称不能超过60个字", "issuingBody");
        if (NumberPrefix is { Length: > 20 }) return new Refusal("发文字号前缀不能超过20个字", "numberPrefix");
        return null;
    }
}
