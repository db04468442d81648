using Shifan.Hosting;

namespace Shifan.Features.Evidence;

/// <summary>
/// Removes what interrupted uploads leave behind, at start and then on a schedule: temporary files of
/// the store (`files/tmp`, left by a crash mid-upload) untouched for `Shifan:Cleanup:TempAge`
/// (default 1 hour; a live upload writes its file continuously), what a killed package build left under
/// `packages` (temporary files and merge work folders, the same age), and resumable uploads (`files/uploads`)
/// untouched for `Shifan:Cleanup:UploadAge` (default 2 days, how long an upload can be resumed).
/// `Shifan:Cleanup:Interval` (default 1 hour) sets the schedule.
/// </summary>
public sealed class UploadCleanup(ShifanOptions options, IConfiguration configuration, TimeProvider clock, ILogger<UploadCleanup> log) : BackgroundService
{
    private TimeSpan Setting(string name, TimeSpan fallback) =>
        TimeSpan.TryParse(configuration[$"Shifan:Cleanup:{name}"], System.Globalization.CultureInfo.InvariantCulture, out var v) && v > TimeSpan.Zero ? v : fallback;

    /// <summary>The first pass runs before the app starts answering.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        RunOnce();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Setting("Interval", TimeSpan.FromHours(1)), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) RunOnce();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    /// <summary>Deletes abandoned files; returns how many.</summary>
    public int RunOnce()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var removed = 0;
        try
        {
            var temp = new DirectoryInfo(Path.Combine(options.FilesDirectory, "tmp"));
            if (temp.Exists)
            {
                var cutoff = now - Setting("TempAge", TimeSpan.FromHours(1));
                foreach (var f in temp.EnumerateFiles().Where(f => f.LastWriteTimeUtc < cutoff)) removed += Delete(f);
            }
            var uploads = new DirectoryInfo(Path.Combine(options.FilesDirectory, "uploads"));
            if (uploads.Exists)
            {
                // An upload is its .json and .part together; it is abandoned when neither changed for the whole age.
                var cutoff = now - Setting("UploadAge", TimeSpan.FromDays(2));
                foreach (var upload in uploads.EnumerateFiles().GroupBy(f => Path.GetFileNameWithoutExtension(f.Name)))
                    if (upload.All(f => f.LastWriteTimeUtc < cutoff))
                        foreach (var f in upload) removed += Delete(f);
            }
            // What a killed package build left (temporary package files, merge work folders): same age as the store's.
            removed += Packages.PackageService.RemoveStaleBuildFiles(options.DataDirectory, now - Setting("TempAge", TimeSpan.FromHours(1)), log);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log.LogWarning(ex, "Upload cleanup pass failed");
        }
        if (removed > 0) log.LogInformation("Removed {Count} abandoned upload files", removed);
        return removed;
    }

    private int Delete(FileInfo f)
    {
        try
        {
            f.Delete();
            return 1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log.LogWarning(ex, "Could not remove {File}", f.FullName);
            return 0;
        }
    }
}
