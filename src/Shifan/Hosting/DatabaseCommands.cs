using System.CommandLine;
using Shifan.Cli;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Hosting;

/// <summary>`shifan db migrate`.</summary>
public static class DatabaseCommands
{
    public static Command Create(CliContext cli)
    {
        var migrate = new Command("migrate", "把数据库结构升级到最新（网站每次启动时也会自动升级）");
        migrate.SetAction((parsed, _) => cli.WithServicesAsync(parsed, async sp =>
        {
            await Database.MigrateAsync(sp.GetRequiredService<ShifanDbContext>());
            await cli.Out.WriteLineAsync("数据库已是最新结构。");
            return CommandLine.Ok;
        }, migrate: false));
        return new Command("db", "数据库") { migrate };
    }
}
