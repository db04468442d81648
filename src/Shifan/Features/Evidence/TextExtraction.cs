using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Shifan.Features.UntrustedFiles;
using Shifan.Hosting;
using Shifan.Infrastructure.Files;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Evidence;

/// <summary>
/// Extracts the text of uploaded files for full-text search, after the upload has answered, each file
/// in an <see cref="UntrustedFileWorker"/> process. Work is found in the database (versions marked
/// TextPending), so nothing is lost on a restart; the queue only wakes the worker early. A file whose
/// worker crashes or times out <see cref="MaxAttempts"/> times, or that a reader refuses, is
/// quarantined: TextPending off, ExtractionFailure says why, and it is never tried again.
/// </summary>
public sealed class TextExtraction(IServiceScopeFactory scopes, ShifanOptions options, UntrustedFileWorker worker, ILogger<TextExtraction> log)
{
    public const int MaxAttempts = 2;

    private readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SemaphoreSlim running = new(1, 1);

    /// <summary>Tells the worker there is new work.</summary>
    public void Notify() => wake.Writer.TryWrite(true);

    public async Task WaitForWorkAsync(TimeSpan poll, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(poll);
        try { await wake.Reader.ReadAsync(timeout.Token); }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { }
    }

    /// <summary>Extracts every pending version; returns how many were done (quarantined ones included).</summary>
    public async Task<int> RunPendingAsync(CancellationToken ct = default)
    {
        await running.WaitAsync(ct);
        using var system = ActingUser.AsSystem();
        try
        {
            var done = 0;
            var store = new BlobStore(options.FilesDirectory);
            while (!ct.IsCancellationRequested)
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ShifanDbContext>();
                var batch = await db.EvidenceVersions.AsNoTracking().Where(v => v.TextPending).OrderBy(v => v.Id)
                    .Select(v => new { v.Id, v.EvidenceItemId, v.Sha256, v.DetectedType, v.ExtractionAttempts, v.ExtractionFailure }).Take(20).ToListAsync(ct);
                if (batch.Count == 0) break;
                foreach (var v in batch)
                {
                    if (v.ExtractionAttempts >= MaxAttempts)
                    {
                        // Its last worker never reported back (the server itself went down meanwhile): do not try a third time.
                        log.LogWarning("Version {Version} quarantined after {Attempts} unfinished extraction attempts", v.Id, v.ExtractionAttempts);
                        await FinishAsync(db, v.Id, null, v.ExtractionFailure ?? ExtractionTexts.Unfinished, ct);
                        done++;
                        continue;
                    }
                    // Counted before the start, so a crash of anything (worker or server) still counts.
                    await db.EvidenceVersions.Where(x => x.Id == v.Id)
                        .ExecuteUpdateAsync(s => s.SetProperty(x => x.ExtractionAttempts, x => x.ExtractionAttempts + 1), ct);
                    WorkerRun run;
                    try
                    {
                        run = await worker.ExtractTextAsync(store.PathOf(v.Sha256), v.DetectedType, ct);
                    }
                    catch (Exception ex) when (ex is WorkerUnavailableException or OperationCanceledException)
                    {
                        // Not the file's fault (no worker, or the server is stopping): the attempt does not count.
                        await db.EvidenceVersions.Where(x => x.Id == v.Id)
                            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ExtractionAttempts, x => x.ExtractionAttempts - 1), CancellationToken.None);
                        throw;
                    }
                    if (run.Reply is { Refusal: null } reply)
                    {
                        if (reply.Text is null) log.LogInformation("No text extracted from version {Version} ({Type})", v.Id, v.DetectedType);
                        // The text and the search row commit together.
                        await using var tx = await db.Database.BeginTransactionAsync(ct);
                        await FinishAsync(db, v.Id, reply.Text, null, ct);
                        await SearchIndex.IndexAsync(db, v.EvidenceItemId, ct);
                        await tx.CommitAsync(ct);
                    }
                    else if (run.Reply is { Refusal: { } refusal })
                    {
                        log.LogInformation("Version {Version} ({Type}) refused by the reader's limits: {Reason}", v.Id, v.DetectedType, refusal);
                        await FinishAsync(db, v.Id, null, refusal, ct);
                    }
                    else
                    {
                        var reason = run.Reason(worker.Limits);
                        var final = v.ExtractionAttempts + 1 >= MaxAttempts;
                        log.LogWarning("Extraction of version {Version} ({Type}) failed ({Outcome}, attempt {Attempt} of {Max}){Quarantine}",
                            v.Id, v.DetectedType, run.Outcome, v.ExtractionAttempts + 1, MaxAttempts, final ? "; quarantined" : "");
                        if (!final)
                        {
                            // Kept pending: the next round of this loop tries once more.
                            await db.EvidenceVersions.Where(x => x.Id == v.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.ExtractionFailure, reason), ct);
                            continue;
                        }
                        await FinishAsync(db, v.Id, null, $"{reason}（已尝试 {MaxAttempts} 次）", ct);
                    }
                    done++;
                }
            }
            return done;
        }
        finally
        {
            running.Release();
        }
    }

    /// <summary>Derived data, not anybody's change: written directly, outside the audit trail.</summary>
    private static Task FinishAsync(ShifanDbContext db, int versionId, string? text, string? failure, CancellationToken ct) =>
        db.EvidenceVersions.Where(x => x.Id == versionId).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.ExtractedText, text)
            .SetProperty(x => x.ExtractionFailure, failure is null ? null : failure.Length > 500 ? failure[..500] : failure)
            .SetProperty(x => x.TextPending, false), ct);
}

/// <summary>
/// Runs <see cref="TextExtraction"/> for the life of the web app, unless `Shifan:TextExtraction` is
/// `off` (for an installation that runs `shifan evidence extract` on its own schedule, and for tests).
/// </summary>
public sealed class TextExtractionWorker(TextExtraction extraction, IConfiguration configuration, ILogger<TextExtractionWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.Equals(configuration["Shifan:TextExtraction"], "off", StringComparison.OrdinalIgnoreCase))
        {
            log.LogInformation("Background text extraction is off (Shifan:TextExtraction)");
            return;
        }
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await extraction.RunPendingAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may not be ready yet (first start) or briefly unavailable: try again later.
                log.LogWarning(ex, "Text extraction pass failed; retrying");
            }
            await extraction.WaitForWorkAsync(TimeSpan.FromSeconds(30), stoppingToken);
        }
    }
}
