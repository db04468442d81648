using Shifan.Cli;

namespace Shifan.Features.SelfCheckReports;

/// <summary>`shifan report selfcheck --campaign ID [--unit ID] --out FILE.docx`.</summary>
public static class SelfCheckReportCommands
{
    public static async Task<int> SelfCheckAsync(ParsedArgs parsed, TextWriter stdout, Func<ParsedArgs, Func<IServiceProvider, Task<int>>, Task<int>> withServices)
    {
        if (!int.TryParse(parsed.Option("campaign"), out var campaignId) || campaignId <= 0) throw new UsageException("请用 --campaign ID 指定创建活动编号（正整数）");
        int? unitId = parsed.Option("unit") is not { } text ? null
            : int.TryParse(text, out var u) && u > 0 ? u : throw new UsageException("--unit 须为单位编号（正整数）");
        var output = parsed.Option("out") ?? throw new UsageException("请用 --out FILE.docx 指定输出文件");
        var full = Path.GetFullPath(output);
        if (Directory.Exists(full)) throw new UsageException($"输出路径是一个目录，请指定文件名：{full}");
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir)) throw new UsageException($"输出目录不存在：{dir}");
        return await withServices(parsed, async sp =>
        {
            var (bytes, title, final) = await sp.GetRequiredService<SelfCheckReportService>().CurrentDocxAsync(campaignId, unitId);
            try
            {
                await AtomicFile.WriteAsync(full, stream => stream.Write(bytes));
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                throw new UsageException($"无法写入输出文件 {full}：{ex.Message}");
            }
            var kind = SelfCheckReportService.KindName(unitId);
            await stdout.WriteLineAsync(final
                ? $"已导出定稿的{kind}《{title}》到 {full}（SHA-256 {SelfCheckReportService.Sha256Of(bytes)}）"
                : $"尚无定稿的{kind}，已按当前数据生成《{title}》到 {full}（未保存草稿）");
            return 0;
        });
    }
}
