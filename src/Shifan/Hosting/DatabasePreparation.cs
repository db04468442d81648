using Microsoft.EntityFrameworkCore;
using Shifan.Features.Demo;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Hosting;

/// <summary>
/// Before the server listens: creates the data folder, migrates the database, and on the first
/// start with an empty database seeds the demo campaign and prints the admin's one-time password.
/// </summary>
public sealed class DatabasePreparation(IServiceProvider services, ShifanOptions options, ILogger<DatabasePreparation> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            options.EnsureDataDirectory();
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ShifanDbContext>();
            await Database.MigrateAsync(db, cancellationToken);
            var seeded = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync();
            if (seeded is not null)
            {
                Console.WriteLine();
                Console.WriteLine($"已创建演示创建活动“{seeded.CampaignName}”（编号 {seeded.CampaignId}）。");
                Console.WriteLine($"管理员账号：admin    一次性密码：{seeded.AdminPassword}");
                Console.WriteLine("（此密码只显示这一次；首次登录后须修改密码。）");
                Console.WriteLine();
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
}
