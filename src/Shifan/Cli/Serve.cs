using System.CommandLine;
using Shifan.Hosting;

namespace Shifan.Cli;

/// <summary>
/// `shifan serve` and `shifan` with no command: the web app. Nothing else starts it. The options are handed
/// to the web host's configuration as they were typed (--urls, --data, --database, --environment and the
/// app's own keys such as --Shifan:Demo:Activity=false).
/// </summary>
public static class Serve
{
    public const string Name = "serve";

    public static void AddTo(RootCommand root, CliContext cli, string[] args)
    {
        var serve = new Command(Name, "启动网站（默认 http://localhost:5000）；不带命令时也是启动网站");
        AddOptions(root);
        AddOptions(serve);
        root.SetAction((parsed, _) => RunAsync(cli, parsed, args));
        serve.SetAction((parsed, _) => RunAsync(cli, parsed, args));
        root.Subcommands.Add(serve);
    }

    /// <summary>Whether the command line starts the web app.</summary>
    public static bool Runs(ParseResult parsed) => parsed.CommandResult.Command is RootCommand || parsed.CommandResult.Command.Name == Name;

    /// <summary>
    /// A setting of the web host's configuration in ASP.NET Core's command-line form: a key with a section
    /// (--Shifan:Password:MinLength=16 or --Shifan:Demo:Activity false), or a known top-level key with its
    /// value (--contentRoot=…, as the test host passes them). A bare unknown word such as --formt is not.
    /// </summary>
    public static bool IsConfigurationKey(string token)
    {
        if (!token.StartsWith("--")) return false;
        var eq = token.IndexOf('=');
        var key = eq < 0 ? token[2..] : token[2..eq];
        return key.Contains(':') || (eq > 0 && HostKeys.Contains(key));
    }

    private static readonly HashSet<string> HostKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "applicationName", "contentRoot", "environment", "webroot", "urls", "http_ports", "https_ports", "data", "database",
        "Shifan", "Logging", "AllowedHosts", "ConnectionStrings", "Kestrel", "detailedErrors", "captureStartupErrors",
        "preventHostingStartup", "hostingStartupAssemblies", "hostingStartupExcludeAssemblies", "shutdownTimeoutSeconds", "suppressStatusMessages",
    };

    private static void AddOptions(Command command)
    {
        command.Options.Add(new Option<string>("--urls") { Description = "监听地址，例如 http://0.0.0.0:8080（多个用分号分隔）", HelpName = "地址" });
        command.Options.Add(new Option<string>("--environment") { Description = "运行环境（Production、Development）", HelpName = "名称" });
    }

    private static async Task<int> RunAsync(CliContext cli, ParseResult parsed, string[] args)
    {
        if (parsed.GetValue(cli.AsOption) is not null) throw new UsageException("启动网站时不能用 --as：网站上的每个操作都以登录用户的身份办理");
        var serveArgs = args.Where((a, i) => !(a == Name && i == Array.IndexOf(args, Name))).ToArray();
        var app = WebAppBuilder.Build(serveArgs);
        try
        {
            await app.RunAsync();
            return CommandLine.Ok;
        }
        catch (IOException ex) when (ex.InnerException is System.Net.Sockets.SocketException || ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            throw new StartupException($"端口已被占用，请用 --urls 指定其他地址（{ex.Message}）", ex);
        }
    }
}
