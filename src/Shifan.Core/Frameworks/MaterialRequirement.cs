namespace Shifan.Core.Frameworks;

/// <summary>One numbered item of 需报送材料, with the constraints its prose states.</summary>
public sealed class MaterialRequirement
{
    public int Id { get; set; }
    public int NodeId { get; set; }
    public int No { get; set; }
    public required string Text { get; set; }
    /// <summary>The owner named in brackets, e.g. （市场监管局）, or the lead unit of the row it came from.</summary>
    public string? Unit { get; set; }
    public int? Since { get; set; }
    public int? MinCount { get; set; }
    public int? MaxCount { get; set; }
    public int? MaxChars { get; set; }

    public MaterialRequirement Copy() => new()
    {
        No = No, Text = Text, Unit = Unit, Since = Since, MinCount = MinCount, MaxCount = MaxCount, MaxChars = MaxChars,
    };

    public bool SameAs(MaterialRequirement other) =>
        No == other.No && Text == other.Text && Unit == other.Unit && Since == other.Since &&
        MinCount == other.MinCount && MaxCount == other.MaxCount && MaxChars == other.MaxChars;

    public Refusal? Validate()
    {
        if (No < 1) return new Refusal("材料序号必须大于0", "no");
        if (string.IsNullOrWhiteSpace(Text)) return new Refusal("材料内容不能为空", "text");
        if (MinCount is < 0 || MaxCount is < 0) return new Refusal("材料件数不能为负数", "minCount");
        if (MinCount is int min && MaxCount is int max && min > max) return new Refusal("最少件数不能大于最多件数", "minCount");
        if (Since is < 1949 or > 2100) return new Refusal("起始年份不正确", "since");
        if (MaxChars is < 1) return new Refusal("字数上限必须大于0", "maxChars");
        return null;
    }
}

/// <summary>A 工作任务 line of the prose format: what to do for one method.</summary>
public sealed record IndicatorTask(string Method, string Text);
