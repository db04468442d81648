using System.CommandLine;
using Shifan.Cli;

namespace Shifan.Features.Organisations;

/// <summary>`shifan org list | add`.</summary>
public static class OrganisationCommands
{
    public static Command Create(CliContext cli) => new("org", "组织机构：列出组织树、新增组织") { List(cli), Add(cli) };

    private static Command List(CliContext cli)
    {
        var command = new Command("list", "列出组织机构树（编号、类别、活动数、单位数、用户数）");
        command.SetAction((parsed, _) => cli.WithServicesAsync(parsed, async sp =>
        {
            foreach (var o in await sp.GetRequiredService<OrganisationService>().TreeAsync())
                await cli.Out.WriteLineAsync($"{o.Id,5}  {new string(' ', o.Depth * 2)}{o.Name}（{o.KindName}）  活动{o.Campaigns} 单位{o.Units} 用户{o.Users}");
            return CommandLine.Ok;
        }));
        return command;
    }

    private static Command Add(CliContext cli)
    {
        var name = CommandOptions.Word("NAME", "组织名称");
        var kind = CommandOptions.Text("--kind", "类别：省、市、县、部门、乡镇或其他", "省|市|县|部门|乡镇|其他", required: true);
        kind.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && KindOf(r.GetValueOrDefault<string>() ?? "") is null)
                r.AddError($"类别“{r.GetValueOrDefault<string>()}”不正确（省、市、县、部门、乡镇、其他）");
        });
        var parent = CommandOptions.OptionalId("--parent", "组织编号", "上级组织的编号（不指定时为顶级组织）");
        var command = new Command("add", "新增组织") { name, kind, parent };
        command.SetAction((parsed, _) => cli.WithServicesAsync(parsed, async sp =>
        {
            var created = await sp.GetRequiredService<OrganisationService>().CreateAsync(
                new OrganisationEdit(parsed.GetValue(name), KindOf(parsed.GetValue(kind)!), parsed.GetValue(parent)));
            await cli.Out.WriteLineAsync($"已新增组织 {created.Id}：{created.Name}");
            return CommandLine.Ok;
        }));
        return command;
    }

    private static string? KindOf(string text) => text switch
    {
        "省" => "Province", "市" => "City", "县" or "区" or "县区" => "County", "部门" => "Department", "乡镇" or "街道" => "Township", "其他" => "OutsideBody",
        _ => Enum.TryParse<Core.Organisations.OrganisationKind>(text, true, out var k) && Enum.IsDefined(k) ? k.ToString() : null,
    };
}
