using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Shifan.Cli;
using Shifan.Core.Users;
using Shifan.Features.Account;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Users;

/// <summary>`shifan user add | set-password`; passwords are read from standard input, never from the command line.</summary>
public static class UserCommands
{
    public static Command Create(CliContext cli) => new("user", "用户：新增用户、设置密码") { Add(cli), SetPassword(cli) };

    private static Command Add(CliContext cli)
    {
        var name = CommandOptions.Word("NAME", "用户名");
        var role = CommandOptions.Text("--role", $"角色：{string.Join("、", Roles.All)}", "角色", required: true);
        var unit = CommandOptions.Text("--unit", "所在单位的名称", "单位");
        var campaign = CommandOptions.OptionalId("--campaign", "创建活动编号", "单位所在的创建活动（单位名称在多个活动中都有时必填；审核员在该活动中审核）");
        var organisation = CommandOptions.OptionalId("--organisation", "组织编号", "在该组织及下级组织的全部创建活动中担任该角色");
        var email = CommandOptions.Text("--email", "电子邮箱（接收提醒）", "地址");
        var command = new Command("add", "新增用户，密码从标准输入读取") { name, role, unit, campaign, organisation, email };
        command.SetAction((parsed, _) => cli.WithServicesAsync(parsed, async sp =>
        {
            var db = sp.GetRequiredService<ShifanDbContext>();
            int? unitId = null;
            var campaignId = parsed.GetValue(campaign);
            if (parsed.GetValue(unit) is { } unitName)
            {
                var matches = await db.Units.Where(u => u.Name == unitName && (campaignId == null || u.CampaignId == campaignId)).Select(u => u.Id).ToListAsync();
                if (matches.Count == 0) throw new UsageException($"单位“{unitName}”不存在");
                if (matches.Count > 1) throw new UsageException($"有多个创建活动中都有单位“{unitName}”，请用 --campaign ID 指明");
                unitId = matches[0];
            }
            var password = (await cli.In.ReadLineAsync())?.TrimEnd('\r', '\n');
            if (string.IsNullOrEmpty(password)) throw new UsageException("请从标准输入提供密码");
            var roleName = parsed.GetValue(role)!;
            var grants = roleName == Roles.Reviewer && campaignId is int g ? new[] { g } : [];
            var userName = parsed.GetValue(name)!;
            var (_, _, error) = await sp.GetRequiredService<UserService>().CreateAsync(
                new NewUser(userName, null, roleName, unitId, grants, password, parsed.GetValue(email), parsed.GetValue(organisation)));
            if (error is not null) throw new UsageException(error.Message);
            await cli.Out.WriteLineAsync($"已新增用户 {userName}（{Roles.DisplayName(roleName)}）。");
            return CommandLine.Ok;
        }));
        return command;
    }

    private static Command SetPassword(CliContext cli)
    {
        var name = CommandOptions.Word("NAME", "用户名");
        var command = new Command("set-password", "设置用户的新密码，从标准输入读取") { name };
        command.SetAction((parsed, _) => cli.WithServicesAsync(parsed, async sp =>
        {
            var userName = parsed.GetValue(name)!;
            var password = (await cli.In.ReadLineAsync())?.TrimEnd('\r', '\n');
            if (string.IsNullOrEmpty(password)) throw new UsageException("请从标准输入提供新密码");
            var error = await sp.GetRequiredService<AccountService>().SetPasswordAsync(userName, password, actor: "system");
            if (error is not null) throw new UsageException(error);
            await cli.Out.WriteLineAsync($"已为用户 {userName} 设置新密码。");
            return CommandLine.Ok;
        }));
        return command;
    }
}
