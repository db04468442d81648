using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Shifan.TestSupport;

/// <summary>
/// A throwaway PostgreSQL cluster in a temp directory on a free loopback port, started once per
/// test run and stopped at exit. Tests that need it skip (with the reason) when PostgreSQL is not
/// installed, unless SHIFAN_REQUIRE_POSTGRES=1 (set by .ci/run), where its absence is a failure.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<PostgresServer?> Shared = new(StartOrNull, LazyThreadSafetyMode.ExecutionAndPublication);
    private static string? unavailableReason;
    private int databaseCounter;

    public required int Port { get; init; }
    public required string Directory { get; init; }
    private string BinDirectory { get; init; } = "";
    private string? RunAs { get; init; }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=false;Timeout=30;Command Timeout=60";

    /// <summary>The shared server, or a skip (or failure on CI) when PostgreSQL cannot run here.</summary>
    public static PostgresServer Require()
    {
        var server = Shared.Value;
        if (server is not null) return server;
        var reason = $"PostgreSQL is not available: {unavailableReason}";
        if (Environment.GetEnvironmentVariable("SHIFAN_REQUIRE_POSTGRES") == "1") throw new InvalidOperationException(reason);
        Assert.Skip(reason);
        return null!;
    }

    /// <summary>A connection string to a new, empty database on the shared server.</summary>
    public string NewDatabase()
    {
        var name = $"shifan_test_{Environment.ProcessId}_{Interlocked.Increment(ref databaseCounter)}";
        Run(Path.Combine(BinDirectory, "createdb"), $"-h 127.0.0.1 -p {Port} -U postgres {name}");
        return ConnectionString(name);
    }

    private static PostgresServer? StartOrNull()
    {
        try
        {
            return Start();
        }
        catch (Exception ex)
        {
            unavailableReason = ex.Message;
            return null;
        }
    }

    private static string FindBinDirectory()
    {
        var fromEnv = Environment.GetEnvironmentVariable("SHIFAN_PG_BIN");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(Path.Combine(fromEnv, "initdb"))) return fromEnv;
        const string root = "/usr/lib/postgresql";
        if (System.IO.Directory.Exists(root))
        {
            var bin = System.IO.Directory.GetDirectories(root).OrderByDescending(d => d).Select(d => Path.Combine(d, "bin"))
                .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")));
            if (bin is not null) return bin;
        }
        throw new InvalidOperationException("initdb not found (install the postgresql package or set SHIFAN_PG_BIN)");
    }

    private static PostgresServer Start()
    {
        var bin = FindBinDirectory();
        var dir = Path.Combine(Path.GetTempPath(), $"shifan-pg-{Environment.ProcessId}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(dir);
        // PostgreSQL refuses to run as root; run it as the postgres account then.
        var runAs = Environment.UserName == "root" ? "postgres" : null;
        if (runAs is not null) Run("chown", $"-R {runAs} {dir}");
        var port = FreePort();
        var server = new PostgresServer { Port = port, Directory = dir, BinDirectory = bin, RunAs = runAs };
        server.RunPg("initdb", $"-D {dir}/data -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync");
        server.RunPg("pg_ctl", $"-D {dir}/data -l {dir}/log.txt -w -t 60 -o \"-F -p {port} -h 127.0.0.1 -k {dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" start");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        return server;
    }

    private void Stop()
    {
        try
        {
            RunPg("pg_ctl", $"-D {Directory}/data -m immediate -w stop");
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch
        {
            // Best effort at exit: the temp directory is the only thing left behind.
        }
    }

    private void RunPg(string tool, string arguments)
    {
        var path = Path.Combine(BinDirectory, tool);
        if (RunAs is null) Run(path, arguments);
        else Run("runuser", $"-u {RunAs} -- {path} {arguments}");
    }

    private static void Run(string file, string arguments)
    {
        var psi = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); throw new InvalidOperationException($"{file} timed out"); }
        if (p.ExitCode != 0) throw new InvalidOperationException($"{Path.GetFileName(file)} {arguments} failed ({p.ExitCode}): {stderr.Result}{stdout.Result}");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
