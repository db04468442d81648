namespace Shifan.Core.SelfAssessment;

/// <summary>The figure a unit reports against one quantitative standard of an indicator, with where it comes from.</summary>
public sealed class ThresholdFigure
{
    public int Id { get; set; }
    public int CampaignId { get; set; }
    public int NodeId { get; set; }
    /// <summary>The <see cref="StandardThreshold.Key"/> it answers.</summary>
    public string ThresholdKey { get; set; } = "";
    public decimal Figure { get; set; }
    /// <summary>Where the figure comes from (统计报表, 系统截图…).</summary>
    public string Source { get; set; } = "";
    public int? UnitId { get; set; }
    public string EnteredBy { get; set; } = "";
    public DateTimeOffset EnteredAt { get; set; }

    public static Refusal? Validate(string? figure, string? source, out decimal value)
    {
        value = 0;
        var text = figure?.Trim().TrimEnd('%', '％').Trim();
        if (string.IsNullOrEmpty(text)) return new Refusal("请填写实际数值", "figure");
        if (!decimal.TryParse(text, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out value))
            return new Refusal("实际数值必须是数字", "figure");
        if (value < 0) return new Refusal("实际数值不能为负数", "figure");
        if (string.IsNullOrWhiteSpace(source)) return new Refusal("请填写数据来源", "source");
        if (source.Length > 200) return new Refusal("数据来源不能超过200字", "source");
        return null;
    }
}
