using Shifan.Cli;
using Shifan.Hosting;

namespace Shifan;

public partial class Program
{
    /// <summary>`shifan` serves the web app; `shifan &lt;command&gt;` runs an administrative command.</summary>
    public static async Task<int> Main(string[] args)
    {
        // First, before anything else is loaded: a worker parses one untrusted file and exits.
        if (Features.UntrustedFiles.WorkerCommand.IsWorker(args)) return Features.UntrustedFiles.WorkerCommand.Run(args, Console.OpenStandardOutput());
        if (CommandLine.IsCommand(args)) return await CommandLine.RunAsync(args);
        // Only `serve` or no command at all starts the server; anything else that is not an option is a mistake.
        if (args.Length > 0 && args[0] != "serve" && !args[0].StartsWith('-'))
        {
            await Console.Error.WriteLineAsync($"错误：未知命令 {args[0]}\n{CommandLine.Usage}");
            return 2;
        }
        var serveArgs = args.Length > 0 && args[0] == "serve" ? args[1..] : args;
        var app = WebAppBuilder.Build(serveArgs);
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (StartupException ex)
        {
            await Console.Error.WriteLineAsync($"错误：{ex.Message}");
            return 1;
        }
        catch (IOException ex) when (ex.InnerException is System.Net.Sockets.SocketException || ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            await Console.Error.WriteLineAsync($"错误：端口已被占用，请用 --urls 指定其他地址（{ex.Message}）");
            return 1;
        }
    }
}
