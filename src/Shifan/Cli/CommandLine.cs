using System.CommandLine;
using System.CommandLine.Parsing;
using Microsoft.EntityFrameworkCore;
using Shifan.Documents.Frameworks;
using Shifan.Features.Campaigns;
using Shifan.Hosting;

namespace Shifan.Cli;

/// <summary>
/// `shifan`: the root command. Each capability adds its commands from its own folder; here are only the root,
/// the global options, the mapping of parse errors and exceptions to Chinese messages and exit codes, and
/// `serve`. Exit 0 on success, 2 when the input is wrong (a parse error or input the use case refuses, the
/// web's 400), 1 when the work failed at run time (not found, forbidden, conflict, files, database).
/// </summary>
public static class CommandLine
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    /// <summary>Runs `shifan ARGS`: a command, or with `serve` or no command at all the web app.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextReader? stdin = null, TextWriter? stderr = null)
    {
        stdout ??= Console.Out;
        stdin ??= Console.In;
        stderr ??= Console.Error;
        var cli = new CliContext(stdout, stdin, stderr);
        var root = Root(cli, args);
        // No response files: a value such as --name @某某 is a value.
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parsed.Action is not ChineseHelp && UsageErrors(parsed) is { Count: > 0 } errors)
        {
            foreach (var error in errors) await stderr.WriteLineAsync($"错误：{error}");
            await stderr.WriteLineAsync($"（用 {PathOf(parsed.CommandResult.Command)} --help 查看用法）");
            return Usage;
        }
        try
        {
            // Ctrl+C and SIGTERM are the web host's to handle (a graceful stop), not the parser's.
            return await parsed.InvokeAsync(new InvocationConfiguration
            {
                Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null,
            });
        }
        catch (Exception ex) when (ExitCodeOf(ex) is { } code)
        {
            await stderr.WriteLineAsync($"错误：{ex.Message}");
            return code;
        }
    }

    /// <summary>The one place exceptions become exit codes: the input was wrong (2) or the work failed (1).</summary>
    private static int? ExitCodeOf(Exception ex) => ex switch
    {
        UsageException or DocumentReadException or Core.RefusedException or Features.Ledgers.LedgerRefusedException
            or Features.Evidence.EvidenceRefusedException or Core.Frameworks.FrameworkRuleException => Usage,
        NotFoundException or ForbiddenException or Core.ConflictException or StartupException
            or Features.UntrustedFiles.WorkerUnavailableException or DbUpdateException or IOException or UnauthorizedAccessException
            or Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException => Failed,
        _ => null,
    };

    private static RootCommand Root(CliContext cli, string[] args)
    {
        var root = new RootCommand("示范创建管理系统。不带命令（或用 serve）时启动网站；其余为管理命令，与网站使用同一数据库。")
        {
            cli.DataOption, cli.DatabaseOption, cli.AsOption,
        };
        // Unknown words and options are reported by UsageErrors, in Chinese, for every command.
        root.TreatUnmatchedTokensAsErrors = false;
        root.Directives.Clear();
        Serve.AddTo(root, cli, args);
        root.Subcommands.Add(DatabaseCommands.Create(cli));
        root.Subcommands.Add(Features.Campaigns.CampaignCommands.Create(cli));
        root.Subcommands.Add(Features.Organisations.OrganisationCommands.Create(cli));
        root.Subcommands.Add(Features.Frameworks.FrameworkCommands.Create(cli));
        root.Subcommands.Add(Features.Users.UserCommands.Create(cli));
        root.Subcommands.Add(Features.Evidence.EvidenceCommands.Create(cli));
        root.Subcommands.Add(Features.Ledgers.LedgerCommands.Create(cli));
        root.Subcommands.Add(Features.Problems.ProblemCommands.Create(cli));
        root.Subcommands.Add(Features.Packages.PackageCommands.Create(cli));
        root.Subcommands.Add(Features.Bulletins.BulletinCommands.Create(cli));
        root.Subcommands.Add(Features.SelfCheckReports.SelfCheckReportCommands.Create(cli));
        root.Subcommands.Add(Features.Audit.AuditCommands.Create(cli));
        ChineseHelp.Apply(root);
        return root;
    }

    /// <summary>`shifan campaign create`: the command's path as typed.</summary>
    internal static string PathOf(Command command)
    {
        var names = new List<string>();
        for (Command? c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
            names.Insert(0, c is RootCommand ? "shifan" : c.Name);
        return string.Join(' ', names);
    }

    /// <summary>
    /// The parse errors in Chinese: an unknown command or option first (a misspelt option is never silently
    /// ignored, nor taken as a file name), then bad values, missing values and missing options.
    /// </summary>
    private static List<string> UsageErrors(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        if (StrayToken(parsed) is { } stray)
        {
            var options = OptionsOf(command).Where(o => !o.Hidden && o is not (System.CommandLine.Help.HelpOption or VersionOption)).Select(o => o.Name).ToList();
            if (stray.StartsWith('-'))
                return [$"{(command is RootCommand ? "shifan" : $"命令 {PathOf(command)}")} 没有选项 {stray}（可用：{string.Join("、", options)}）"];
            if (command.Subcommands.Count > 0)
                return [$"未知命令：{PathOf(command)} {stray}（可用：{string.Join("、", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}）"];
            return [$"命令 {PathOf(command)} 多余的参数：{stray}"];
        }
        var errors = new List<string>();
        foreach (var error in parsed.Errors)
        {
            var message = error.SymbolResult switch
            {
                // Our own parsers' and validators' messages are already Chinese.
                _ when error.Message.Any(IsChinese) => error.Message,
                OptionResult { IdentifierTokenCount: 0 } o => $"缺少选项 {o.Option.Name}（{o.Option.Description}）",
                OptionResult { Tokens.Count: 0 } o => $"选项 {o.Option.Name} 缺少取值（{o.Option.Description}）",
                OptionResult { Tokens.Count: > 1 } o => $"选项 {o.Option.Name} 只能给一次",
                OptionResult o => $"选项 {o.Option.Name} 的取值“{string.Join(' ', o.Tokens.Select(t => t.Value))}”不正确（{o.Option.Description}）",
                ArgumentResult { Tokens.Count: 0 } a => $"缺少参数 {a.Argument.HelpName ?? a.Argument.Name}（{a.Argument.Description}）",
                ArgumentResult a => $"参数 {a.Argument.HelpName ?? a.Argument.Name} 的取值“{string.Join(' ', a.Tokens.Select(t => t.Value))}”不正确（{a.Argument.Description}）",
                CommandResult c when c.Command.Subcommands.Count > 0 =>
                    $"请指定命令：{PathOf(c.Command)} 后应跟 {string.Join("、", c.Command.Subcommands.Where(s => !s.Hidden).Select(s => s.Name))} 之一",
                _ => error.Message,
            };
            if (!errors.Contains(message)) errors.Add(message);
        }
        return errors;
    }

    private static bool IsChinese(char c) => c is >= '\u4e00' and <= '\u9fff';

    /// <summary>
    /// The first word the command line does not know: a token no command, option or argument took, or an
    /// option-like word an argument took (`evidence add a.pdf --campaing 1` must not upload "--campaing").
    /// The web app's own configuration keys (`--Shifan:Demo:Activity=false`) pass to `serve`.
    /// </summary>
    private static string? StrayToken(ParseResult parsed)
    {
        var unmatched = parsed.UnmatchedTokens.ToHashSet();
        var serving = Serve.Runs(parsed);
        var tokens = parsed.Tokens;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (serving && Serve.IsConfigurationKey(token.Value))
            {
                if (!token.Value.Contains('=') && i + 1 < tokens.Count && !tokens[i + 1].Value.StartsWith('-')) i++;
                continue;
            }
            if (unmatched.Contains(token.Value)) return token.Value;
            if (token.Type == TokenType.Argument && LooksLikeOption(token.Value) && !IsOptionValue(parsed, i)) return token.Value;
        }
        return null;
    }

    private static bool LooksLikeOption(string token) => token.Length > 1 && token[0] == '-' && !char.IsDigit(token[1]);

    /// <summary>`--name -x`: the word after an option that takes a value is that value, whatever it looks like.</summary>
    private static bool IsOptionValue(ParseResult parsed, int i)
    {
        if (i == 0 || parsed.Tokens[i - 1] is not { Type: TokenType.Option } previous) return false;
        return OptionsOf(parsed.CommandResult.Command).Any(o => o.ValueType != typeof(bool) && (o.Name == previous.Value || o.Aliases.Contains(previous.Value)));
    }

    /// <summary>The options a command takes: its own and the recursive ones of the commands above it.</summary>
    internal static IEnumerable<Option> OptionsOf(Command command)
    {
        foreach (var o in command.Options) yield return o;
        for (var c = command.Parents.OfType<Command>().FirstOrDefault(); c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
            foreach (var o in c.Options.Where(o => o.Recursive)) yield return o;
    }
}
