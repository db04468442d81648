using System.CommandLine;
using Shifan.Cli;

namespace Shifan.Features.Bulletins;

/// <summary>`shifan bulletin generate`.</summary>
public static class BulletinCommands
{
    public static Command Create(CliContext cli) => new("bulletin", "督导通报") { Generate(cli) };

    private static Command Generate(CliContext cli)
    {
        var campaign = CommandOptions.Campaign();
        var period = CommandOptions.Period();
        var output = CommandOptions.Out("输出文件（.docx）", "FILE.docx");
        var command = new Command("generate", "按该期看板数据和单位排名生成督导通报草稿（GB/T 9704 公文版式，可在网站上修改后印发）") { campaign, period, output };
        command.SetAction((parsed, _) => cli.WithServicesAsync(parsed, async sp =>
        {
            var campaignId = parsed.GetValue(campaign);
            var path = parsed.GetValue(output)!;
            var found = await sp.GetRequiredService<Ledgers.LedgerService>().FindPeriodAsync(campaignId, parsed.GetValue(period)!);
            var bulletins = sp.GetRequiredService<BulletinService>();
            var draft = await bulletins.GenerateAsync(campaignId, found.Id);
            var (bytes, _) = await bulletins.DocxAsync(campaignId, draft.Id);
            await AtomicFile.WriteAsync(path, stream => stream.Write(bytes));
            await cli.Out.WriteLineAsync($"已生成{found.Name}督导通报草稿（编号 {draft.Id}，可在网站上修改后印发）到 {Path.GetFullPath(path)}");
            return CommandLine.Ok;
        }));
        return command;
    }
}
