using System.CommandLine;
using Shifan.Cli;

namespace Shifan.Features.Problems;

/// <summary>`shifan problem export`; the options are checked before the database is opened, so a wrong kind or format never touches data.</summary>
public static class ProblemCommands
{
    public static Command Create(CliContext cli) => new("problem", "问题清单与整改台账") { Export(cli) };

    private static Command Export(CliContext cli)
    {
        var campaign = CommandOptions.Campaign();
        var kind = CommandOptions.Choice("--kind", "导出问题清单（list）还是整改台账（ledger）", ProblemService.Kinds,
            k => $"不支持的导出类型“{k}”：--kind 只能是 list（问题清单）或 ledger（整改台账）", required: true);
        var format = CommandOptions.Choice("--format", "导出格式", ProblemService.Formats, f => $"不支持的导出格式“{f}”：--format 只能是 xlsx 或 docx", required: true);
        var output = CommandOptions.Out();
        var command = new Command("export", "导出问题清单或整改台账（正式表样）") { campaign, kind, format, output };
        command.SetAction((parsed, _) => cli.WithServicesAsync(parsed, async sp =>
        {
            var which = parsed.GetValue(kind)!;
            var path = parsed.GetValue(output)!;
            var (bytes, _) = await sp.GetRequiredService<ProblemService>().ExportAsync(parsed.GetValue(campaign), which, parsed.GetValue(format)!);
            await AtomicFile.WriteAsync(path, stream => stream.Write(bytes));
            await cli.Out.WriteLineAsync($"已导出{(which == "ledger" ? "整改台账" : "问题清单")}到 {Path.GetFullPath(path)}");
            return CommandLine.Ok;
        }));
        return command;
    }
}
