using System.CommandLine;
using Shifan.Cli;

namespace Shifan.Features.Ledgers;

/// <summary>`shifan ledger export`; the options are checked before the database is opened, so a wrong format never touches data.</summary>
public static class LedgerCommands
{
    public static Command Create(CliContext cli) => new("ledger", "工作台账") { Export(cli) };

    private static Command Export(CliContext cli)
    {
        var campaign = CommandOptions.Campaign();
        var period = CommandOptions.Period();
        var unit = CommandOptions.OptionalId("--unit", "单位编号", "单位编号：导出该单位的台账；不指定时导出全部单位的汇总台账（仅 xlsx）");
        var format = CommandOptions.Choice("--format", "导出格式", LedgerService.Formats, f => $"不支持的导出格式“{f}”：--format 只能是 docx 或 xlsx", required: true);
        var output = CommandOptions.Out();
        var command = new Command("export", "导出工作台账（正式表样）：单位台账（docx 或 xlsx）或汇总台账（xlsx）") { campaign, period, unit, format, output };
        command.Validators.Add(r =>
        {
            if (r.GetValue(unit) is null && r.GetValue(format) is { } f && f != "xlsx" && LedgerService.Formats.Contains(f))
                r.AddError("汇总台账只能导出为 xlsx；导出 Word 请用 --unit ID 指定单位");
        });
        command.SetAction((parsed, _) => cli.WithServicesAsync(parsed, async sp =>
        {
            var campaignId = parsed.GetValue(campaign);
            var unitId = parsed.GetValue(unit);
            var path = parsed.GetValue(output)!;
            var ledgers = sp.GetRequiredService<LedgerService>();
            var found = await ledgers.FindPeriodAsync(campaignId, parsed.GetValue(period)!);
            var (bytes, _) = unitId is int u
                ? await ledgers.ExportUnitAsync(campaignId, found.Id, u, parsed.GetValue(format)!)
                : await ledgers.ExportConsolidatedAsync(campaignId, found.Id);
            await AtomicFile.WriteAsync(path, stream => stream.Write(bytes));
            await cli.Out.WriteLineAsync($"已导出{found.Name}{(unitId is null ? "汇总" : "单位")}工作台账到 {Path.GetFullPath(path)}");
            return CommandLine.Ok;
        }));
        return command;
    }
}
