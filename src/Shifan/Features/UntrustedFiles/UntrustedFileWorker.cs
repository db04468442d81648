using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Shifan.Documents.Frameworks;

namespace Shifan.Features.UntrustedFiles;

/// <summary>
/// Parses untrusted files in a child process of the same `shifan` executable, so a stack overflow,
/// a runaway or a memory blow-up ends that process and never the server: the child gets a GC heap
/// ceiling, is killed with its process tree at the wall-clock limit, and only a bounded amount of its
/// output is read.
/// </summary>
public sealed class UntrustedFileWorker(WorkerLimits limits, ILogger<UntrustedFileWorker> log)
{
    private readonly SemaphoreSlim slots = new(limits.Concurrent, limits.Concurrent);

    public WorkerLimits Limits => limits;

    public Task<WorkerRun> ExtractTextAsync(string path, string detectedType, CancellationToken ct = default) =>
        RunAsync(["extract-text", path, detectedType], ct);

    public Task<WorkerRun> ReadFrameworkAsync(string path, string fileName, CancellationToken ct = default) =>
        RunAsync(["read-framework", path, fileName], ct);

    /// <summary>Merges one indicator's PDF as the job file says; gets <see cref="WorkerLimits.MergeTimeLimit"/>, not the per-file limit (LibreOffice runs inside).</summary>
    public Task<WorkerRun> MergePdfAsync(string jobPath, CancellationToken ct = default) =>
        RunAsync(["merge-pdf", jobPath], ct, limits.MergeTimeLimit);

    private async Task<WorkerRun> RunAsync(string[] arguments, CancellationToken ct, TimeSpan? timeLimit = null)
    {
        await slots.WaitAsync(ct);
        try
        {
            return await RunProcessAsync(arguments, ct, timeLimit ?? limits.TimeLimit);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task<WorkerRun> RunProcessAsync(string[] arguments, CancellationToken ct, TimeSpan timeLimit)
    {
        using var process = new Process { StartInfo = StartInfo(arguments) };
        var clock = Stopwatch.StartNew();
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException)
        {
            throw new WorkerUnavailableException($"Cannot start the untrusted-file worker ({process.StartInfo.FileName})", ex);
        }
        process.StandardInput.Close();
        var tooLarge = false;
        var stdout = ReadBoundedAsync(process.StandardOutput.BaseStream, limits.MaxOutputBytes, () =>
        {
            tooLarge = true;
            Kill(process);
        });
        var stderr = ReadBoundedAsync(process.StandardError.BaseStream, 4096, null);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeLimit);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            ct.ThrowIfCancellationRequested();
            await DrainAsync(stdout, stderr);
            log.LogWarning("Untrusted-file worker {Arguments} timed out after {Elapsed} and was killed", Describe(arguments), clock.Elapsed);
            return new WorkerRun(WorkerOutcome.TimedOut, null, $"killed after {clock.Elapsed}", clock.Elapsed);
        }
        await DrainAsync(stdout, stderr);
        var error = stderr.IsCompletedSuccessfully ? Encoding.UTF8.GetString(stderr.Result.Bytes) : "";
        if (tooLarge)
        {
            log.LogWarning("Untrusted-file worker {Arguments} wrote more than {Limit} bytes and was killed", Describe(arguments), limits.MaxOutputBytes);
            return new WorkerRun(WorkerOutcome.OutputTooLarge, null, "output limit", clock.Elapsed);
        }
        var exit = process.ExitCode;
        if (exit == WorkerCommand.ExitOutOfMemory)
        {
            log.LogWarning("Untrusted-file worker {Arguments} ran out of its {Memory} MB heap", Describe(arguments), limits.MemoryMB);
            return new WorkerRun(WorkerOutcome.OutOfMemory, null, "out of memory", clock.Elapsed);
        }
        WorkerReply? reply = null;
        if (exit == 0)
        {
            try { if (stdout.IsCompletedSuccessfully) reply = JsonSerializer.Deserialize<WorkerReply>(stdout.Result.Bytes, FrameworkJson.Options); }
            catch (JsonException) { }
        }
        if (reply is null)
        {
            var tail = error.Length > 600 ? error[..600] : error;
            log.LogWarning("Untrusted-file worker {Arguments} crashed with exit code {Exit}: {Error}", Describe(arguments), exit, tail);
            return new WorkerRun(WorkerOutcome.Crashed, null, $"exit code {exit}: {tail}", clock.Elapsed);
        }
        return new WorkerRun(WorkerOutcome.Replied, reply, "replied", clock.Elapsed);
    }

    /// <summary>
    /// The same program as the server: the `shifan` apphost when that is what runs, otherwise (under
    /// `dotnet shifan.dll`, or a test runner hosting the app) `dotnet` with the shifan.dll beside this assembly.
    /// </summary>
    private ProcessStartInfo StartInfo(string[] arguments)
    {
        var self = Environment.ProcessPath;
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "shifan")
        {
            start.FileName = self;
        }
        else
        {
            start.FileName = self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet"
                ? self
                : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
            start.ArgumentList.Add(Path.Combine(Path.GetDirectoryName(typeof(UntrustedFileWorker).Assembly.Location)!, "shifan.dll"));
        }
        start.ArgumentList.Add(WorkerCommand.Verb);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        // The heap ceiling makes a memory blow-up an OutOfMemoryException in the child, not the machine's problem.
        start.Environment["DOTNET_GCHeapHardLimit"] = $"0x{(long)limits.MemoryMB * 1024 * 1024:X}";
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        return start;
    }

    private sealed record Output(byte[] Bytes, bool Truncated);

    /// <summary>Reads a stream to its end but keeps at most <paramref name="max"/> bytes, calling <paramref name="over"/> once past it.</summary>
    private static async Task<Output> ReadBoundedAsync(Stream stream, int max, Action? over)
    {
        using var kept = new MemoryStream();
        var buffer = new byte[81920];
        var truncated = false;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            var room = max - (int)kept.Length;
            if (read > room)
            {
                if (!truncated) over?.Invoke();
                truncated = true;
            }
            if (room > 0) kept.Write(buffer, 0, Math.Min(read, room));
        }
        return new Output(kept.ToArray(), truncated);
    }

    /// <summary>Waits for the pipes to close; a grandchild still holding them cannot hold the server.</summary>
    private static async Task DrainAsync(Task<Output> stdout, Task<Output> stderr)
    {
        try { await Task.WhenAll(stdout, stderr).WaitAsync(TimeSpan.FromSeconds(5)); }
        catch (TimeoutException) { }
    }

    private void Kill(Process process)
    {
        try { process.Kill(entireProcessTree: true); }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            log.LogDebug(ex, "Worker process already gone");
        }
    }

    private static string Describe(string[] arguments) => string.Join(' ', arguments.Take(1).Concat(arguments.Skip(1).Select(Path.GetFileName)));
}
