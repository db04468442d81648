using System.CommandLine;
using System.Text.Json;
using Shifan.Cli;
using Shifan.Documents.Frameworks;

namespace Shifan.Features.Evidence;

/// <summary>`shifan evidence add | check | extract`.</summary>
public static class EvidenceCommands
{
    public static Command Create(CliContext cli) => new("evidence", "佐证材料：批量上传、检查、提取文字") { Add(cli), Check(cli), Extract(cli) };

    private static Command Add(CliContext cli)
    {
        var files = new Argument<string[]>("FILE") { Description = "要上传的文件，或一个文件夹（上传其中全部文件）", HelpName = "FILE", Arity = ArgumentArity.OneOrMore };
        var campaign = CommandOptions.Campaign();
        var indicator = CommandOptions.Text("--indicator", "指标编号（例如 1 或 1.2）", "CODE", required: true);
        var material = CommandOptions.RequiredId("--material", "材料序号", "需报送材料的序号");
        material.HelpName = "NO";
        var user = CommandOptions.Text("--user", "以该用户的身份上传（其单位、分工和操作日志）", "用户名", required: true);
        var command = new Command("add", "以某个用户的身份批量上传佐证材料") { files, campaign, indicator, material, user };
        command.SetAction((parsed, _) => cli.WithServicesAsync(parsed, async sp =>
        {
            var paths = parsed.GetValue(files)!.SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p).Order() : (IEnumerable<string>)[p]).ToList();
            foreach (var f in paths.Where(f => !File.Exists(f))) throw new UsageException($"文件不存在：{f}");
            // Act as that user, so scope, assignment checks and the audit trail are theirs.
            using var acting = ActingUser.Begin(await CommandIdentity.PrincipalAsync(sp, parsed.GetValue(user)));
            var service = sp.GetRequiredService<EvidenceService>();
            var added = 0;
            var refused = 0;
            foreach (var path in paths)
            {
                await using var stream = File.OpenRead(path);
                try
                {
                    var item = await service.AddFileAsync(parsed.GetValue(campaign), parsed.GetValue(indicator)!, parsed.GetValue(material), stream, Path.GetFileName(path),
                        new EvidenceFields(null, null, null, null, null, null));
                    await cli.Out.WriteLineAsync($"已上传 {Path.GetFileName(path)}（材料编号 {item.Id}，SHA-256 {item.Versions[0].Sha256[..12]}…）");
                    added++;
                }
                catch (EvidenceRefusedException ex)
                {
                    await cli.Out.WriteLineAsync($"未上传 {Path.GetFileName(path)}：{ex.Message}");
                    refused++;
                }
            }
            await cli.Out.WriteLineAsync($"共上传 {added} 个文件，{refused} 个未上传。");
            // No web app runs the background extraction here: do it now, so the files are searchable at once.
            await sp.GetRequiredService<TextExtraction>().RunPendingAsync();
            return refused == 0 ? CommandLine.Ok : CommandLine.Failed;
        }));
        return command;
    }

    private static Command Check(CliContext cli)
    {
        var campaign = CommandOptions.Campaign();
        var json = CommandOptions.Json();
        var command = new Command("check", "每项指标、每项需报送材料的检查结果和完整度") { campaign, json };
        command.SetAction((parsed, _) => cli.WithServicesAsync(parsed, async sp =>
        {
            var checks = await sp.GetRequiredService<EvidenceService>().ChecksAsync(parsed.GetValue(campaign));
            if (parsed.GetValue(json))
            {
                await cli.Out.WriteLineAsync(JsonSerializer.Serialize(checks, FrameworkJson.Options));
                return CommandLine.Ok;
            }
            foreach (var c in checks.Where(c => c.Requirements.Count > 0))
            {
                await cli.Out.WriteLineAsync($"第{c.Code}项  完整度 {c.Completeness:P0}");
                foreach (var r in c.Requirements)
                    foreach (var f in r.Findings) await cli.Out.WriteLineAsync($"  材料{r.No}：{f.Message}");
            }
            return CommandLine.Ok;
        }));
        return command;
    }

    private static Command Extract(CliContext cli)
    {
        var command = new Command("extract", "立即提取尚未提取的文件文字，供全文检索（网站运行时会在后台自动进行）");
        command.SetAction((parsed, _) => cli.WithServicesAsync(parsed, async sp =>
        {
            var done = await sp.GetRequiredService<TextExtraction>().RunPendingAsync();
            await cli.Out.WriteLineAsync($"已提取 {done} 个文件的文字。");
            return CommandLine.Ok;
        }));
        return command;
    }
}
