using System.CommandLine;
using Shifan.Cli;

namespace Shifan.Features.SelfCheckReports;

/// <summary>`shifan report selfcheck --campaign ID [--unit ID] --out FILE.docx`.</summary>
public static class SelfCheckReportCommands
{
    public static Command Create(CliContext cli) => new("report", "报告") { SelfCheck(cli) };

    private static Command SelfCheck(CliContext cli)
    {
        var campaign = CommandOptions.Campaign();
        var unit = CommandOptions.OptionalId("--unit", "单位编号", "单位编号：导出该单位的自查报告；不指定时导出创建活动的自评报告");
        var output = CommandOptions.Out("输出文件（.docx）", "FILE.docx");
        var command = new Command("selfcheck", "导出自评报告（或单位的自查报告）：有定稿的导出定稿存档件，否则按当前数据生成") { campaign, unit, output };
        command.SetAction((parsed, _) =>
        {
            var full = Path.GetFullPath(parsed.GetValue(output)!);
            if (Directory.Exists(full)) throw new UsageException($"输出路径是一个目录，请指定文件名：{full}");
            var dir = Path.GetDirectoryName(full)!;
            if (!Directory.Exists(dir)) throw new UsageException($"输出目录不存在：{dir}");
            var unitId = parsed.GetValue(unit);
            return cli.WithServicesAsync(parsed, async sp =>
            {
                var (bytes, title, final) = await sp.GetRequiredService<SelfCheckReportService>().CurrentDocxAsync(parsed.GetValue(campaign), unitId);
                try
                {
                    await AtomicFile.WriteAsync(full, stream => stream.Write(bytes));
                }
                catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
                {
                    throw new UsageException($"无法写入输出文件 {full}：{ex.Message}");
                }
                var kind = SelfCheckReportService.KindName(unitId);
                await cli.Out.WriteLineAsync(final
                    ? $"已导出定稿的{kind}《{title}》到 {full}（SHA-256 {SelfCheckReportService.Sha256Of(bytes)}）"
                    : $"尚无定稿的{kind}，已按当前数据生成《{title}》到 {full}（未保存草稿）");
                return CommandLine.Ok;
            });
        });
        return command;
    }
}
