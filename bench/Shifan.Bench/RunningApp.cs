using System.Diagnostics;

/// <summary>The app started by <see cref="BenchApp.StartAsync"/>; disposing it stops the process (and its children).</summary>
internal sealed class RunningApp(Process process, Uri baseAddress, Task copying, StreamWriter? log) : IAsyncDisposable
{
    public Uri BaseAddress { get; } = baseAddress;

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) process.Kill(true);
        await process.WaitForExitAsync();
        await copying;
        if (log is not null) await log.DisposeAsync();
        process.Dispose();
    }
}
