using System.Diagnostics;
using MimeKit;

namespace Shifan.TestSupport;

/// <summary>
/// A real SMTP server for a test: tests/mail-sink (Node, npm package smtp-server) on a free loopback port,
/// writing every message it accepts to a folder. Without Node or its packages the test is skipped (failed on CI,
/// where .ci/run installs them with `npm ci`).
/// </summary>
public sealed class MailSink : IAsyncDisposable
{
    private readonly Process process;
    private readonly TempDirectory folder;

    public int Port { get; }

    private MailSink(Process process, TempDirectory folder, int port)
    {
        this.process = process;
        this.folder = folder;
        Port = port;
    }

    public static async Task<MailSink> StartAsync()
    {
        var dir = Path.Combine(ProjectFixtures.RepositoryRoot, "tests", "mail-sink");
        var node = new[] { "/usr/bin/node", "/usr/local/bin/node" }.FirstOrDefault(File.Exists);
        string? missing = node is null ? "Node.js is not installed"
            : !Directory.Exists(Path.Combine(dir, "node_modules", "smtp-server")) ? "tests/mail-sink has no node_modules (run `npm ci` there)" : null;
        if (missing is not null)
        {
            if (Environment.GetEnvironmentVariable("SHIFAN_REQUIRE_TOOLS") == "1") throw new InvalidOperationException(missing);
            Assert.Skip(missing);
        }
        var folder = new TempDirectory();
        var port = PostgresServer.FreePort();
        var process = Process.Start(new ProcessStartInfo(node!)
        {
            ArgumentList = { Path.Combine(dir, "mail-sink.js"), port.ToString(), folder.Path },
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = dir,
        })!;
        var sink = new MailSink(process, folder, port);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await process.StandardOutput.ReadLineAsync(cts.Token);
        if (line != "ready")
        {
            await sink.DisposeAsync();
            throw new InvalidOperationException($"mail-sink did not start: {line}");
        }
        return sink;
    }

    /// <summary>The messages received so far, oldest first, each with the envelope recipients the server saw.</summary>
    public IReadOnlyList<(string Recipients, MimeMessage Message)> Messages()
    {
        var result = new List<(string, MimeMessage)>();
        foreach (var file in Directory.GetFiles(folder.Path, "*.eml").Order(StringComparer.Ordinal))
        {
            var raw = File.ReadAllText(file);
            var first = raw.IndexOf("\r\n", StringComparison.Ordinal);
            var rcpt = raw[..first].Replace("X-Sink-Rcpt: ", "");
            using var stream = File.OpenRead(file);
            result.Add((rcpt, MimeMessage.Load(stream)));
        }
        return result;
    }

    /// <summary>Waits until at least <paramref name="count"/> messages arrived.</summary>
    public async Task<IReadOnlyList<(string Recipients, MimeMessage Message)>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var messages = Messages();
            if (messages.Count >= count || DateTime.UtcNow > until) return messages;
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(true);
                await process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException) { }
        process.Dispose();
        folder.Dispose();
    }
}
