using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Shifan.Cli;

/// <summary>`--help` for every command, in Chinese: what it does, how to call it, its arguments, options and subcommands.</summary>
public sealed class ChineseHelp : SynchronousCommandLineAction
{
    public static void Apply(RootCommand root)
    {
        foreach (var option in root.Options.ToList())
        {
            if (option is HelpOption) root.Options.Remove(option);
            else if (option is VersionOption version) version.Description = "显示版本号";
        }
        root.Options.Insert(0, new HelpOption("--help", "-h", "-?") { Description = "显示帮助", Action = new ChineseHelp() });
    }

    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        var command = parseResult.CommandResult.Command;
        var output = parseResult.InvocationConfiguration.Output;
        output.WriteLine(command.Description);
        output.WriteLine();
        output.WriteLine("用法：");
        output.WriteLine("  " + UsageLine(command));
        Section(output, "参数：", command.Arguments.Where(a => !a.Hidden).Select(a => (Label(a), a.Description ?? "")));
        Section(output, "选项：", CommandLine.OptionsOf(command).Where(o => !o.Hidden).DistinctBy(o => o.Name).Select(o => (Label(o), Describe(o))));
        Section(output, "命令：", command.Subcommands.Where(c => !c.Hidden).Select(c => (c.Name, c.Description ?? "")));
        return CommandLine.Ok;
    }

    private static string UsageLine(Command command)
    {
        var parts = new List<string> { CommandLine.PathOf(command) };
        if (command.Subcommands.Any(c => !c.Hidden)) parts.Add(command.Action is null ? "<命令>" : "[命令]");
        parts.AddRange(command.Arguments.Where(a => !a.Hidden).Select(a => a.Arity.MinimumNumberOfValues == 0 ? $"[{Label(a)}]" : Label(a)));
        parts.Add("[选项]");
        return string.Join(' ', parts);
    }

    private static void Section(TextWriter output, string title, IEnumerable<(string Left, string Right)> rows)
    {
        var list = rows.ToList();
        if (list.Count == 0) return;
        output.WriteLine();
        output.WriteLine(title);
        var width = list.Max(r => Width(r.Left));
        foreach (var (left, right) in list)
            output.WriteLine($"  {left}{new string(' ', width - Width(left) + 2)}{right}".TrimEnd());
    }

    /// <summary>Columns as a terminal shows them: a Chinese character takes two.</summary>
    private static int Width(string text) => text.Sum(c => c is >= '\u2e80' and <= '\u9fff' or >= '\uff00' and <= '\uffef' ? 2 : 1);

    private static string Label(Argument argument) =>
        (argument.HelpName ?? argument.Name) + (argument.Arity.MaximumNumberOfValues > 1 ? "…" : "");

    private static string Label(Option option)
    {
        var names = string.Join(", ", option.Aliases.OrderBy(a => a.Length).Append(option.Name));
        return option.ValueType == typeof(bool) || option is HelpOption or VersionOption ? names : $"{names} <{option.HelpName ?? "值"}>";
    }

    private static string Describe(Option option)
    {
        var text = option.Description ?? "";
        if (option.Required) text += "（必填）";
        else if (option.HasDefaultValue && option.ValueType != typeof(bool) && option.GetDefaultValue() is { } value) text += $"（默认 {value}）";
        return text;
    }
}
