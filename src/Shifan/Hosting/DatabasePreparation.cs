using Microsoft.EntityFrameworkCore;
using Shifan.Features.Demo;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Hosting;

/// <summary>
/// Before the server listens: creates the data folder, migrates the database, and on the first
/// start with an empty database seeds the demo campaign and prints the admin's one-time password.
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
            if (seeded is not null)
            {
                Features.Account.InitialPasswordFile.Write(options, "admin", seeded.AdminPassword);
                // Printed after the server's own start-up lines (their callbacks run first), so it is the last thing on the console.
                var framed = Framed(seeded, Features.Account.InitialPasswordFile.PathIn(options));
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

    private static string Framed(Features.Demo.SeedResult seeded, string file)
    {
        string[] lines =
        [
            $"已创建演示创建活动“{seeded.CampaignName}”（编号 {seeded.CampaignId}）",
            $"管理员账号：admin    一次性密码：{seeded.AdminPassword}",
            "首次登录后须修改密码。密码也保存在（仅本用户可读，登录后自动删除）：",
            file,
        ];
        var rule = new string('=', 78);
        return $"\n{rule}\n{string.Join("\n", lines.Select(l => "  " + l))}\n{rule}\n";
    }
}
