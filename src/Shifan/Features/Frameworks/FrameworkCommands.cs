using System.CommandLine;
using Shifan.Cli;
using Shifan.Documents.Export;
using Shifan.Documents.Frameworks;
using Shifan.Documents.Import;

namespace Shifan.Features.Frameworks;

/// <summary>`shifan framework inspect | export | import`.</summary>
public static class FrameworkCommands
{
    public static Command Create(CliContext cli) => new("framework", "指标体系与任务分解表：读取、导出、导入")
    {
        Inspect(cli), Export(cli), Import(cli),
    };

    private static Command Inspect(CliContext cli)
    {
        var file = CommandOptions.Word("FILE", "任务分解表或工作方案（docx、xlsx、PDF、文本或 JSON）");
        var json = CommandOptions.Json("输出交换格式 JSON");
        var command = new Command("inspect", "读取任务分解表，输出各级指标数和诊断（--json 输出交换格式）") { file, json };
        command.SetAction(parsed =>
        {
            var read = FrameworkReader.Read(parsed.GetValue(file)!);
            if (parsed.GetValue(json))
            {
                cli.Out.WriteLine(FrameworkJson.Write(read));
                return CommandLine.Ok;
            }
            var nodes = read.AllNodes().ToList();
            cli.Out.WriteLine($"{read.Title}（{read.Source.Format}）");
            foreach (var kind in new[] { "area", "group", "indicator", "item", "bonus", "veto", "deduction" })
                cli.Out.WriteLine($"  {kind}: {nodes.Count(n => n.Kind == kind)}");
            foreach (var d in read.Diagnostics.Where(d => d.Severity != "info"))
                cli.Out.WriteLine($"  [{d.Severity}] {d.Location}: {d.Message}");
            return CommandLine.Ok;
        });
        return command;
    }

    private static Command Export(CliContext cli)
    {
        var campaign = CommandOptions.Campaign();
        var format = CommandOptions.Choice("--format", "导出格式", FrameworkWriters.Formats.ToArray(), _ => "--format 只能是 json、xlsx 或 docx", defaultValue: "json");
        var output = CommandOptions.Out();
        var command = new Command("export", "导出创建活动的指标体系及其单位") { campaign, format, output };
        command.SetAction((parsed, _) => cli.WithServicesAsync(parsed, async sp =>
        {
            var file = await sp.GetRequiredService<FrameworkService>().ExportAsync(parsed.GetValue(campaign));
            var path = parsed.GetValue(output)!;
            await AtomicFile.WriteAsync(path, stream => FrameworkWriters.Write(file, parsed.GetValue(format)!, stream));
            await cli.Out.WriteLineAsync($"已导出 {file.AllNodes().Count(n => n.Kind == "indicator")} 项指标到 {Path.GetFullPath(path)}");
            return CommandLine.Ok;
        }));
        return command;
    }

    private static Command Import(CliContext cli)
    {
        var path = CommandOptions.Word("FILE", "任务分解表或工作方案（docx、xlsx、PDF、文本或 JSON）");
        var campaign = CommandOptions.Campaign();
        var command = new Command("import", "把任务分解表导入为创建活动的新版本指标体系（单位按名称对应，没有的新建）") { path, campaign };
        command.SetAction((parsed, _) => cli.WithServicesAsync(parsed, async sp =>
        {
            var file = FrameworkReader.Read(parsed.GetValue(path)!);
            foreach (var d in file.Diagnostics.Where(d => d.Severity != "info"))
                await cli.Out.WriteLineAsync($"  [{d.Severity}] {d.Location}: {d.Message}");
            var result = await sp.GetRequiredService<FrameworkImport.FrameworkImportService>().CommitFileAsync(parsed.GetValue(campaign), file, new Dictionary<string, int>());
            await cli.Out.WriteLineAsync($"已导入第{result.Version}版指标体系：{result.Nodes}个节点，新建单位{result.UnitsCreated}个，新增分工{result.AssignmentsCreated}条，保留分工{result.AssignmentsKept}条，移除分工{result.AssignmentsDropped}条。");
            return CommandLine.Ok;
        }));
        return command;
    }
}
