using Microsoft.EntityFrameworkCore;
using Shifan.Features.Demo;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Hosting;

/// <summary>
/// Before the server listens: creates the data folder, migrates the database, and on the first
/// start with an empty database seeds the demo campaign and prints the one-time passwords of the three administrators
/// (on a database made before 三员分立, of the two it lacks).
/// </summary>
public sealed class DatabasePreparation(IServiceProvider services, ShifanOptions options, IHostApplicationLifetime lifetime, ILogger<DatabasePreparation> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            options.EnsureDataDirectory();
            // Migration and the demo seed are the system's own work (restored before the server starts listening).
            using var system = ActingUser.AsSystem();
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ShifanDbContext>();
            await Database.MigrateAsync(db, cancellationToken);
            var seeded = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync();
            // A database made before 三员分立 gets the security and audit administrators it lacks (ADR-028).
            var accounts = seeded?.Administrators
                ?? await Features.Account.BuiltInAdministrators.EnsureAsync(db, log, DateTimeOffset.UtcNow, cancellationToken);
            if (seeded is null)
                foreach (var role in Core.Users.Roles.All) scope.ServiceProvider.GetRequiredService<Features.RoleSettings.RoleCatalog>().Forget(role);
            if (accounts.Count > 0)
            {
                foreach (var a in accounts) Features.Account.InitialPasswordFile.Write(options, a.UserName, a.RoleName, a.Password);
                // Printed after the server's own start-up lines (their callbacks run first), so it is the last thing on the console.
                var framed = Framed(seeded, accounts, options);
                lifetime.ApplicationStarted.Register(() => _ = Task.Delay(300).ContinueWith(_ => Console.WriteLine(framed), TaskScheduler.Default));
            }
            log.LogInformation("Data directory {Data}, database provider {Provider}", options.DataDirectory, Database.ProviderOf(options.ConnectionString));
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException or DbUpdateException or Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            log.LogError(ex, "Startup failed: cannot prepare data directory or database");
            throw new StartupException($"无法准备数据目录或数据库：{ex.Message}", ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string Framed(Features.Demo.SeedResult? seeded, IReadOnlyList<Features.Account.OneTimeAccount> accounts, ShifanOptions options)
    {
        List<string> lines = seeded is not null
            ? [$"已创建演示创建活动“{seeded.CampaignName}”（编号 {seeded.CampaignId}）", "三员分立：系统管理员、安全管理员、审计管理员各用各的账号"]
            : ["三员分立：已新增以下管理员账号（原 admin 不再管理用户、角色与会话，也不再查阅操作日志）"];
        foreach (var a in accounts) lines.Add($"{a.RoleName}账号：{a.UserName,-12}一次性密码：{a.Password}");
        lines.Add("首次登录后须修改密码。各账号的密码也分别保存在（仅本用户可读，该账号登录后自动删除）：");
        foreach (var a in accounts) lines.Add(Features.Account.InitialPasswordFile.PathIn(options, a.UserName));
        var rule = new string('=', 78);
        return $"\n{rule}\n{string.Join("\n", lines.Select(l => "  " + l))}\n{rule}\n";
    }
}
