using System.CommandLine;
using Shifan.Cli;

namespace Shifan.Features.Audit;

/// <summary>`shifan audit verify | export`.</summary>
public static class AuditCommands
{
    public static Command Create(CliContext cli) => new("audit", "操作日志：校验、导出") { Verify(cli), Export(cli) };

    private static Command Verify(CliContext cli)
    {
        var command = new Command("verify", "校验操作日志的哈希链与检查点（被篡改时退出码为 1）");
        command.SetAction((parsed, _) => cli.WithServicesAsync(parsed, async sp =>
        {
            var report = await sp.GetRequiredService<AuditService>().VerifyAsync();
            if (report.Problem is { } problem)
            {
                var where = report.FirstBroken is { } broken ? $"（第 {broken.Id} 条：{broken.At.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm:ss} {broken.Actor} {broken.Action} {broken.Entity} {broken.EntityId}）" : "";
                await cli.Out.WriteLineAsync($"操作日志校验未通过：{problem}{where}。此前 {report.Verified} 条完好。");
                return CommandLine.Failed;
            }
            await cli.Out.WriteLineAsync($"操作日志完好：已校验 {report.Verified} 条记录。");
            return CommandLine.Ok;
        }));
        return command;
    }

    private static Command Export(CliContext cli)
    {
        var from = Moment("--from", "起始时间（含），例如 2026-11-01");
        var to = Moment("--to", "截止时间，例如 2026-12-01");
        var output = CommandOptions.Out("输出文件（.xlsx）", "FILE.xlsx");
        var command = new Command("export", "把操作日志导出为 Excel 工作簿") { from, to, output };
        command.SetAction((parsed, _) => cli.WithServicesAsync(parsed, async sp =>
        {
            var path = parsed.GetValue(output)!;
            var filter = new AuditFilter(parsed.GetValue(from), parsed.GetValue(to));
            var count = 0;
            var service = sp.GetRequiredService<AuditService>();
            await AtomicFile.WriteAsync(path, stream => count = service.ExportAsync(filter, stream).GetAwaiter().GetResult());
            await cli.Out.WriteLineAsync($"已导出 {count} 条操作日志到 {Path.GetFullPath(path)}");
            return CommandLine.Ok;
        }));
        return command;
    }

    /// <summary>A date or a date and time, as the audit filter takes it.</summary>
    private static Option<DateTimeOffset?> Moment(string name, string description) => new(name)
    {
        Description = description, HelpName = "日期",
        CustomParser = r =>
        {
            if (r.Tokens.Count == 0) return null;
            if (DateTimeOffset.TryParse(r.Tokens[^1].Value, out var d)) return d;
            r.AddError($"{name} 日期格式不正确（例如 2026-11-01）");
            return null;
        },
    };
}
