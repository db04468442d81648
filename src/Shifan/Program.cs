using Shifan.Cli;

namespace Shifan;

public partial class Program
{
    /// <summary>`shifan` or `shifan serve` serves the web app; `shifan &lt;command&gt;` runs an administrative command.</summary>
    public static async Task<int> Main(string[] args)
    {
        // First, before anything else is loaded: a worker parses one untrusted file and exits (internal, not in the help).
        if (Features.UntrustedFiles.WorkerCommand.IsWorker(args)) return Features.UntrustedFiles.WorkerCommand.Run(args, Console.OpenStandardOutput());
        return await CommandLine.RunAsync(args);
    }
}
