using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace Shifan.Cli;

/// <summary>
/// The kinds of option the commands share, each checked while the command line is parsed, so a bad value is
/// exit 2 with a Chinese message before any data is touched.
/// </summary>
public static partial class CommandOptions
{
    /// <summary>A required positive number such as --campaign ID.</summary>
    public static Option<int> RequiredId(string name, string what, string? description = null) => new(name)
    {
        Description = description ?? what, HelpName = "ID", Required = true,
        CustomParser = r => ParseId(r, name, what) ?? 0,
    };

    /// <summary>An optional positive number such as --unit ID.</summary>
    public static Option<int?> OptionalId(string name, string what, string? description = null) => new(name)
    {
        Description = description ?? what, HelpName = "ID",
        CustomParser = r => ParseId(r, name, what),
    };

    /// <summary>A positional number such as `campaign close ID`.</summary>
    public static Argument<int> IdArgument(string what) => new("ID")
    {
        Description = what, HelpName = "ID",
        CustomParser = r =>
        {
            if (r.Tokens.Count == 0) return 0;
            var text = r.Tokens[0].Value;
            if (int.TryParse(text, out var n) && n > 0) return n;
            r.AddError($"ID 须为{what}（正整数），“{text}”不是");
            return 0;
        },
    };

    /// <summary>One positional word such as `user add NAME`.</summary>
    public static Argument<string> Word(string helpName, string description) => new(helpName) { Description = description, HelpName = helpName };

    public static Option<int> Campaign(string description = "创建活动编号") => RequiredId("--campaign", "创建活动编号", description);

    public static Option<string> Text(string name, string description, string helpName, bool required = false) => new(name)
    {
        Description = description, HelpName = helpName, Required = required,
    };

    /// <summary>The file a command writes (through a temporary file renamed when complete).</summary>
    public static Option<string> Out(string description = "输出文件", string helpName = "FILE") => Text("--out", description, helpName, required: true);

    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    public static Option<bool> Json(string description = "以 JSON 输出") => Flag("--json", description);

    /// <summary>A calendar date (2027-01-01).</summary>
    public static Option<DateOnly?> Date(string name, string description, bool required = false) => new(name)
    {
        Description = description, HelpName = "YYYY-MM-DD", Required = required,
        CustomParser = r =>
        {
            if (Single(r, name) is not { } text) return null;
            if (DateOnly.TryParse(text, out var d)) return d;
            r.AddError($"{name} 日期格式不正确（例如 2027-01-01）");
            return null;
        },
    };

    /// <summary>One of a fixed set of words; anything else is refused with <paramref name="refusal"/>.</summary>
    public static Option<string> Choice(string name, string description, IReadOnlyCollection<string> values, Func<string, string> refusal, bool required = false, string? defaultValue = null)
    {
        var option = new Option<string>(name) { Description = description, HelpName = string.Join("|", values), Required = required };
        if (defaultValue is not null) option.DefaultValueFactory = _ => defaultValue;
        option.CompletionSources.Add([.. values]);
        option.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && r.GetValueOrDefault<string>() is { } value && !values.Contains(value)) r.AddError(refusal(value));
        });
        return option;
    }

    /// <summary>A 报送期: its month (2026-11), its key (adhoc-7) or its number.</summary>
    public static Option<string> Period() => new("--period")
    {
        Description = "报送期：月份（例如 2026-11），或报送期编号", HelpName = "YYYY-MM", Required = true,
        CustomParser = r =>
        {
            var text = Single(r, "--period") ?? "";
            var month = MonthKey().Match(text);
            var valid = month.Success ? int.Parse(month.Groups[1].Value) is >= 1 and <= 12 : OtherPeriodKey().IsMatch(text);
            if (!valid) r.AddError($"--period 报送期“{text}”不正确：应为月份 YYYY-MM（例如 2026-11）或报送期编号");
            return text;
        },
    };

    private static int? ParseId(ArgumentResult r, string name, string what)
    {
        if (Single(r, name) is not { } text) return null;
        if (int.TryParse(text, out var n) && n > 0) return n;
        r.AddError($"{name} 须为{what}（正整数），“{text}”不是");
        return null;
    }

    private static string? Single(ArgumentResult r, string name)
    {
        if (r.Tokens.Count == 0) return null;
        if (r.Tokens.Count > 1) r.AddError($"选项 {name} 只能给一次");
        return r.Tokens[^1].Value;
    }

    [GeneratedRegex(@"^\d{4}-(\d{2})$")]
    private static partial Regex MonthKey();

    [GeneratedRegex(@"^(\d+|adhoc-\d+)$")]
    private static partial Regex OtherPeriodKey();
}
