using Shifan.Cli;

namespace Shifan.Features.Packages;

/// <summary>`shifan package freeze | build | verify | grant`.</summary>
public static class PackageCommands
{
    public static async Task<int> FreezeAsync(IServiceProvider sp, int campaignId, TextWriter stdout)
    {
        var service = sp.GetRequiredService<PackageService>();
        var check = await service.CheckAsync(campaignId);
        foreach (var f in check.Findings) await stdout.WriteLineAsync($"  [{(f.Blocking ? "错误" : "提示")}] {(f.IndicatorCode.Length > 0 ? $"第{f.IndicatorCode}项" : "申报包")}{(f.MaterialNo is int n ? $" 材料{n}" : "")}：{f.Message}");
        var freeze = await service.FreezeAsync(campaignId);
        await stdout.WriteLineAsync($"已冻结：第{freeze.No}次冻结，{freeze.FileCount}个文件，{Documents.Packages.PackageContentsDocxWriter.Size(freeze.TotalSize)}，提示{freeze.FindingCount}项。");
        await stdout.WriteLineAsync($"清单 SHA-256 {freeze.ManifestSha256}");
        await stdout.WriteLineAsync($"清单 SM3     {freeze.ManifestSm3}");
        await stdout.WriteLineAsync(freeze.No.ToString());
        return 0;
    }

    public static async Task<int> BuildAsync(ParsedArgs parsed, int campaignId, TextWriter stdout, Func<ParsedArgs, Func<IServiceProvider, Task<int>>, Task<int>> withServices)
    {
        int? no = parsed.Option("freeze") is not { } f ? null : int.TryParse(f, out var n) && n > 0 ? n : throw new UsageException("--freeze 须为冻结编号（正整数）");
        var output = parsed.Option("out") ?? throw new UsageException("请用 --out FILE.zip 指定输出文件");
        var dir = Path.GetDirectoryName(Path.GetFullPath(output))!;
        if (!Directory.Exists(dir)) throw new UsageException($"输出目录不存在：{dir}");
        return await withServices(parsed, async sp =>
        {
            var service = sp.GetRequiredService<PackageService>();
            var build = await service.PrepareBuildAsync(campaignId, no);
            var started = System.Diagnostics.Stopwatch.StartNew();
            await service.WriteFileAsync(build, output);
            var size = new FileInfo(output).Length;
            await stdout.WriteLineAsync($"已生成第{build.Freeze.No}次冻结的申报包：{Path.GetFullPath(output)}（{build.Manifest.Files.Count}个文件，{size}字节，{started.Elapsed.TotalSeconds:0.0}秒）");
            return 0;
        });
    }

    public static async Task<int> VerifyAsync(ParsedArgs parsed, TextWriter stdout, Func<ParsedArgs, Func<IServiceProvider, Task<int>>, Task<int>> withServices)
    {
        var path = parsed.Positional.FirstOrDefault() ?? throw new UsageException("请指定申报包：shifan package verify FILE.zip");
        if (!File.Exists(path)) throw new UsageException($"文件不存在：{path}");
        return await withServices(parsed, async sp =>
        {
            var result = await sp.GetRequiredService<PackageService>().VerifyAsync(path);
            if (result.Intact)
            {
                await stdout.WriteLineAsync($"申报包完好：创建活动{result.CampaignId}第{result.FreezeNo}次冻结，已校验{result.FilesChecked}个文件的 SHA-256 与 SM3，清单与冻结记录一致（SHA-256 {result.ManifestSha256}）。");
                return 0;
            }
            await stdout.WriteLineAsync($"申报包校验未通过：{result.Problems.Count}处不符。");
            foreach (var p in result.Problems) await stdout.WriteLineAsync($"  {p.Path}：{p.Message}");
            return 1;
        });
    }

    public static async Task<int> GrantAsync(ParsedArgs parsed, int campaignId, DateOnly? from, DateOnly? until, TextWriter stdout, Func<ParsedArgs, Func<IServiceProvider, Task<int>>, Task<int>> withServices)
    {
        var no = int.TryParse(parsed.Option("freeze"), out var n) && n > 0 ? n : throw new UsageException("请用 --freeze N 指定冻结编号");
        var user = parsed.Option("user") ?? throw new UsageException("请用 --user NAME 指定评估专家的用户名");
        if (until is null) throw new UsageException("请用 --until YYYY-MM-DD 指定查阅截止日期（含当日）");
        return await withServices(parsed, async sp =>
        {
            var created = await sp.GetRequiredService<PackageGrantService>().GrantAsync(campaignId, new NewPackageGrant(no, user, parsed.Option("name"), from, until));
            var g = created.Grant;
            await stdout.WriteLineAsync($"已授权 {g.DisplayName}（{g.UserName}）只读查阅创建活动{g.CampaignId}第{g.FreezeNo}次冻结的申报包，期限 {g.Period}（北京时间），授权编号 {g.Id}。");
            if (created.OneTimePassword is { } pw) await stdout.WriteLineAsync($"已新建评估专家账号，一次性密码：{pw}（首次登录须修改）");
            return 0;
        });
    }
}
