using System.CommandLine;
using Shifan.Cli;

namespace Shifan.Features.Packages;

/// <summary>`shifan package freeze | build | verify | grant`.</summary>
public static class PackageCommands
{
    public static Command Create(CliContext cli) => new("package", "申报包：冻结、生成、校验、授权评估专家查阅")
    {
        Freeze(cli), Build(cli), Verify(cli), Grant(cli),
    };

    private static Option<int?> FreezeNo(string description) => CommandOptions.OptionalId("--freeze", "冻结编号", description);

    private static Command Freeze(CliContext cli)
    {
        var campaign = CommandOptions.Campaign();
        var command = new Command("freeze", "冻结当前审核通过的全部材料（含 SHA-256 与 SM3），最后一行输出冻结编号") { campaign };
        command.SetAction((parsed, _) => cli.WithServicesAsync(parsed, async sp =>
        {
            var campaignId = parsed.GetValue(campaign);
            var service = sp.GetRequiredService<PackageService>();
            var check = await service.CheckAsync(campaignId);
            foreach (var f in check.Findings)
                await cli.Out.WriteLineAsync($"  [{(f.Blocking ? "错误" : "提示")}] {(f.IndicatorCode.Length > 0 ? $"第{f.IndicatorCode}项" : "申报包")}{(f.MaterialNo is int n ? $" 材料{n}" : "")}：{f.Message}");
            var freeze = await service.FreezeAsync(campaignId);
            await cli.Out.WriteLineAsync($"已冻结：第{freeze.No}次冻结，{freeze.FileCount}个文件，{Documents.Packages.PackageContentsDocxWriter.Size(freeze.TotalSize)}，提示{freeze.FindingCount}项。");
            await cli.Out.WriteLineAsync($"清单 SHA-256 {freeze.ManifestSha256}");
            await cli.Out.WriteLineAsync($"清单 SM3     {freeze.ManifestSm3}");
            await cli.Out.WriteLineAsync(freeze.No.ToString());
            return CommandLine.Ok;
        }));
        return command;
    }

    private static Command Build(CliContext cli)
    {
        var campaign = CommandOptions.Campaign();
        var no = FreezeNo("冻结编号（默认最近一次冻结）");
        var output = CommandOptions.Out("输出文件（.zip，先写临时文件，完成后改名）", "FILE.zip");
        var command = new Command("build", "生成一次冻结的申报包：按指标分目录的文件、每项指标的合并 PDF、清单与目录") { campaign, no, output };
        command.SetAction((parsed, _) =>
        {
            var path = parsed.GetValue(output)!;
            var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
            if (!Directory.Exists(dir)) throw new UsageException($"输出目录不存在：{dir}");
            return cli.WithServicesAsync(parsed, async sp =>
            {
                var service = sp.GetRequiredService<PackageService>();
                var build = await service.PrepareBuildAsync(parsed.GetValue(campaign), parsed.GetValue(no));
                var started = System.Diagnostics.Stopwatch.StartNew();
                await service.WriteFileAsync(build, path);
                var size = new FileInfo(path).Length;
                await cli.Out.WriteLineAsync($"已生成第{build.Freeze.No}次冻结的申报包：{Path.GetFullPath(path)}（{build.Manifest.Files.Count}个文件，{size}字节，{started.Elapsed.TotalSeconds:0.0}秒）");
                return CommandLine.Ok;
            });
        });
        return command;
    }

    private static Command Verify(CliContext cli)
    {
        var file = CommandOptions.Word("FILE.zip", "申报包文件");
        var command = new Command("verify", "逐个文件重算 SHA-256 与 SM3 并与清单核对，清单与冻结记录核对（不符时退出码为 1）") { file };
        command.SetAction((parsed, _) =>
        {
            var path = parsed.GetValue(file)!;
            if (!File.Exists(path)) throw new UsageException($"文件不存在：{path}");
            return cli.WithServicesAsync(parsed, async sp =>
            {
                var result = await sp.GetRequiredService<PackageService>().VerifyAsync(path);
                if (result.Intact)
                {
                    await cli.Out.WriteLineAsync($"申报包完好：创建活动{result.CampaignId}第{result.FreezeNo}次冻结，已校验{result.FilesChecked}个文件的 SHA-256 与 SM3，清单与冻结记录一致（SHA-256 {result.ManifestSha256}）。");
                    return CommandLine.Ok;
                }
                await cli.Out.WriteLineAsync($"申报包校验未通过：{result.Problems.Count}处不符。");
                foreach (var p in result.Problems) await cli.Out.WriteLineAsync($"  {p.Path}：{p.Message}");
                return CommandLine.Failed;
            });
        });
        return command;
    }

    private static Command Grant(CliContext cli)
    {
        var campaign = CommandOptions.Campaign();
        var no = CommandOptions.RequiredId("--freeze", "冻结编号", "授权查阅的冻结编号");
        var user = CommandOptions.Text("--user", "评估专家的用户名（不存在时新建评估专家账号并输出一次性密码）", "用户名", required: true);
        var until = CommandOptions.Date("--until", "查阅截止日期（含当日，至北京时间24时）", required: true);
        var from = CommandOptions.Date("--from", "查阅开始日期（默认今天）");
        var name = CommandOptions.Text("--name", "评估专家姓名", "姓名");
        var command = new Command("grant", "授权评估专家只读查阅一次冻结的申报包，至截止日当日24时（北京时间）") { campaign, no, user, until, from, name };
        command.SetAction((parsed, _) => cli.WithServicesAsync(parsed, async sp =>
        {
            var created = await sp.GetRequiredService<PackageGrantService>().GrantAsync(parsed.GetValue(campaign),
                new NewPackageGrant(parsed.GetValue(no), parsed.GetValue(user)!, parsed.GetValue(name), parsed.GetValue(from), parsed.GetValue(until)));
            var g = created.Grant;
            await cli.Out.WriteLineAsync($"已授权 {g.DisplayName}（{g.UserName}）只读查阅创建活动{g.CampaignId}第{g.FreezeNo}次冻结的申报包，期限 {g.Period}（北京时间），授权编号 {g.Id}。");
            if (created.OneTimePassword is { } pw) await cli.Out.WriteLineAsync($"已新建评估专家账号，一次性密码：{pw}（首次登录须修改）");
            return CommandLine.Ok;
        }));
        return command;
    }
}
