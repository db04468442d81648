using System.CommandLine;
using System.Text.Json;
using Shifan.Cli;
using Shifan.Documents.Frameworks;
using Shifan.Documents.Import;

namespace Shifan.Features.Campaigns;

/// <summary>`shifan campaign list | create | update | close`.</summary>
public static class CampaignCommands
{
    public static Command Create(CliContext cli) => new("campaign", "创建活动：列出、新建、修改、结束")
    {
        List(cli), New(cli), Update(cli), Close(cli),
    };

    private static Command List(CliContext cli)
    {
        var json = CommandOptions.Json();
        var command = new Command("list", "列出创建活动及其指标数、单位数、分工数和状态") { json };
        command.SetAction((parsed, _) => cli.WithServicesAsync(parsed, async sp =>
        {
            var campaigns = await sp.GetRequiredService<CampaignService>().ListAsync();
            if (parsed.GetValue(json))
            {
                await cli.Out.WriteLineAsync(JsonSerializer.Serialize(campaigns, FrameworkJson.Options));
                return CommandLine.Ok;
            }
            if (campaigns.Count == 0) await cli.Out.WriteLineAsync("（没有创建活动）");
            foreach (var c in campaigns)
                await cli.Out.WriteLineAsync($"{c.Id}\t{c.Name}\t{c.Level}\t指标 {c.IndicatorCount}\t单位 {c.UnitCount}\t分工 {c.AssignmentCount}\t{c.Status}");
            return CommandLine.Ok;
        }));
        return command;
    }

    private static Command New(CliContext cli)
    {
        var name = CommandOptions.Text("--name", "活动名称", "名称", required: true);
        var region = CommandOptions.Text("--region", "地区", "地区", required: true);
        var from = CommandOptions.Date("--from", "开始日期", required: true);
        var to = CommandOptions.Date("--to", "结束日期", required: true);
        var level = CommandOptions.Text("--level", "层级：县、区、市或部门", "县|区|市|部门");
        var office = CommandOptions.Text("--office", "牵头办公室（创建办）的名称", "名称");
        var framework = CommandOptions.Text("--framework", "任务分解表（docx、xlsx、PDF 或 JSON）；不指定时使用内置的市县法治政府建设示范指标体系", "FILE");
        var organisation = CommandOptions.OptionalId("--organisation", "组织编号", "活动所属组织的编号（其上级组织的用户可见）");
        var fromCampaign = CommandOptions.OptionalId("--from-campaign", "创建活动编号", "接续往期活动：带入单位、分工、未销号问题和仍有效的材料，审核状态重新开始");
        var command = new Command("create", "新建创建活动，连同阶段、办公室、单位和分工") { name, region, from, to, level, office, framework, organisation, fromCampaign };
        command.SetAction((parsed, _) => cli.WithServicesAsync(parsed, async sp =>
        {
            FrameworkFile? file = null;
            if (parsed.GetValue(framework) is { } path)
            {
                file = FrameworkReader.Read(path);
                foreach (var d in file.Diagnostics.Where(d => d.Severity != "info"))
                    await cli.Out.WriteLineAsync($"  [{d.Severity}] {d.Location}: {d.Message}");
            }
            var request = new NewCampaign(parsed.GetValue(name), parsed.GetValue(region), parsed.GetValue(level), parsed.GetValue(from), parsed.GetValue(to),
                parsed.GetValue(office), parsed.GetValue(organisation), parsed.GetValue(fromCampaign));
            var lifecycle = sp.GetRequiredService<CampaignLifecycle>();
            var (id, refusal) = await lifecycle.CreateAsync(request, file);
            if (refusal is not null) throw new UsageException(refusal.Message);
            await cli.Out.WriteLineAsync($"已新建创建活动 {id}：{request.Name!.Trim()}");
            if (lifecycle.CarriedOver is { } c)
                await cli.Out.WriteLineAsync($"从往期活动接续：新增单位{c.Units}个、分工{c.Assignments}条、未销号问题{c.Problems}个、仍有效材料{c.Evidence}件（过期未带入{c.EvidenceLeftBehind}件）");
            return CommandLine.Ok;
        }));
        return command;
    }

    private static Command Update(CliContext cli)
    {
        var id = CommandOptions.IdArgument("创建活动编号");
        var name = CommandOptions.Text("--name", "新的活动名称", "名称");
        var region = CommandOptions.Text("--region", "地区", "地区");
        var level = CommandOptions.Text("--level", "层级：县、区、市或部门", "县|区|市|部门");
        var from = CommandOptions.Date("--from", "开始日期");
        var to = CommandOptions.Date("--to", "结束日期");
        var status = CommandOptions.Text("--status", "状态：筹备中、进行中或已申报", "筹备中|进行中|已申报");
        var organisation = CommandOptions.OptionalId("--organisation", "组织编号", "活动所属组织的编号（其上级组织的用户可见）");
        var command = new Command("update", "修改创建活动的名称、地区、层级、日期、状态或所属组织（未给的保持不变）") { id, name, region, level, from, to, status, organisation };
        command.SetAction((parsed, _) => cli.WithServicesAsync(parsed, async sp =>
        {
            var campaign = parsed.GetValue(id);
            var refusal = await sp.GetRequiredService<CampaignLifecycle>().UpdateAsync(campaign, new CampaignEdit(parsed.GetValue(name), parsed.GetValue(region),
                parsed.GetValue(level), parsed.GetValue(from), parsed.GetValue(to), parsed.GetValue(status), parsed.GetValue(organisation)));
            if (refusal is not null) throw new UsageException(refusal.Message);
            await cli.Out.WriteLineAsync($"已修改创建活动 {campaign}。");
            return CommandLine.Ok;
        }));
        return command;
    }

    private static Command Close(CliContext cli)
    {
        var id = CommandOptions.IdArgument("创建活动编号");
        var command = new Command("close", "结束创建活动（仍可查看，不能再上传材料）") { id };
        command.SetAction((parsed, _) => cli.WithServicesAsync(parsed, async sp =>
        {
            var campaign = parsed.GetValue(id);
            var refusal = await sp.GetRequiredService<CampaignLifecycle>().CloseAsync(campaign);
            if (refusal is not null) throw new UsageException(refusal.Message);
            await cli.Out.WriteLineAsync($"创建活动 {campaign} 已结束。");
            return CommandLine.Ok;
        }));
        return command;
    }
}
