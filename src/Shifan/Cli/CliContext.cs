using System.CommandLine;
using Shifan.Hosting;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Cli;

/// <summary>
/// What every command shares: the streams it talks on, the global options (--data, --database, --as) and the
/// service provider a command runs against, built from the same configuration as the web app.
/// </summary>
public sealed class CliContext(TextWriter stdout, TextReader stdin, TextWriter stderr)
{
    public TextWriter Out { get; } = stdout;
    public TextReader In { get; } = stdin;
    public TextWriter Error { get; } = stderr;

    public Option<string> DataOption { get; } = new("--data")
    {
        Description = "数据目录（默认 ./data，存放 SQLite 数据库和材料文件）", HelpName = "目录", Recursive = true,
    };

    public Option<string> DatabaseOption { get; } = new("--database")
    {
        Description = "使用 PostgreSQL：连接字符串，例如 \"Host=…;Database=…;Username=…\"（不指定时使用数据目录中的 SQLite）", HelpName = "连接字符串", Recursive = true,
    };

    public Option<string> AsOption { get; } = new("--as")
    {
        Description = "以该用户的角色、权限和数据范围执行，并以其名义记入操作日志（不指定时以系统账号执行）", HelpName = "用户名", Recursive = true,
    };

    /// <summary>
    /// Runs <paramref name="action"/> in a scope of the app's services, acting as the system account or the
    /// user named by --as. The database is brought up to date first unless <paramref name="migrate"/> is false.
    /// </summary>
    public async Task<int> WithServicesAsync(ParseResult parsed, Func<IServiceProvider, Task<int>> action, bool migrate = true)
    {
        var overrides = new Dictionary<string, string?>();
        if (parsed.GetValue(DataOption) is { } data) overrides["data"] = data;
        if (parsed.GetValue(DatabaseOption) is { } database) overrides["database"] = database;
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides)
            .Build();
        var options = ShifanOptions.From(configuration);
        var services = new ServiceCollection();
        services.AddSingleton(options);
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        // The same password policy, idle timeout and limits as the web app (Shifan:Password:* and friends).
        WebAppBuilder.AddServices(services, options, Features.Account.SecurityOptions.From(configuration));
        await using var provider = services.BuildServiceProvider();
        if (Database.ProviderOf(options.ConnectionString) == DatabaseProvider.Sqlite) options.EnsureDataDirectory();
        await using var scope = provider.CreateAsyncScope();
        if (migrate) await Database.MigrateAsync(scope.ServiceProvider.GetRequiredService<ShifanDbContext>());
        // The system account unless --as names a user; what the command does is checked and audited as that identity.
        // Begun here, in the frame that then runs the command: the acting user is an async-local value.
        using var acting = ActingUser.Begin(await CommandIdentity.PrincipalAsync(scope.ServiceProvider, parsed.GetValue(AsOption)));
        return await action(scope.ServiceProvider);
    }
}
